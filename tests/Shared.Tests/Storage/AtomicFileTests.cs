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
}
