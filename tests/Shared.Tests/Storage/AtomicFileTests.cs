using Flock.Shared.Storage;

namespace Flock.Shared.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flock-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_write_that_fails_midway_keeps_the_previous_file_and_removes_its_temporary()
    {
        var path = Path.Combine(_dir, "checkpoint-last.bin");
        AtomicFile.WriteAllText(path, "good");

        // The failure a full disk gives, half-way through the content.
        var failure = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("No space left on device");
        }));

        Assert.Equal("No space left on device", failure.Message);
        Assert.Equal("good", File.ReadAllText(path));
        Assert.False(File.Exists(AtomicFile.TemporaryOf(path)));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_write_replaces_the_file_whole()
    {
        var path = Path.Combine(_dir, "summary.json");
        AtomicFile.WriteAllText(path, "first, longer content");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.False(File.Exists(AtomicFile.TemporaryOf(path)));
    }

    [Fact]
    public void Files_written_together_are_all_kept_as_they_were_when_the_last_one_fails()
    {
        var checkpoint = Path.Combine(_dir, "checkpoint-last.bin");
        var summary = Path.Combine(_dir, "summary.json");
        AtomicFile.WriteAllText(checkpoint, "checkpoint 1");
        AtomicFile.WriteAllText(summary, "summary 1");

        // The checkpoint's content is complete; the summary's write then fails (a full disk): neither may be replaced.
        Assert.Throws<IOException>(() => AtomicFile.WriteTogether(
            (checkpoint, stream => stream.Write("checkpoint 2"u8)),
            (summary, _ => throw new IOException("No space left on device"))));

        Assert.Equal("checkpoint 1", File.ReadAllText(checkpoint));
        Assert.Equal("summary 1", File.ReadAllText(summary));
        Assert.Equal([checkpoint, summary], Directory.GetFiles(_dir).Order());
    }

    [Fact]
    public void Files_written_together_are_all_replaced()
    {
        var checkpoint = Path.Combine(_dir, "checkpoint-last.bin");
        var summary = Path.Combine(_dir, "summary.json");
        AtomicFile.WriteTogether((checkpoint, stream => stream.Write("checkpoint 2"u8)), (summary, stream => stream.Write("summary 2"u8)));
        Assert.Equal("checkpoint 2", File.ReadAllText(checkpoint));
        Assert.Equal("summary 2", File.ReadAllText(summary));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }
}
