using System.Text;

namespace Flock.Shared.Storage;

/// <summary>
/// Writes a whole file or nothing: the content goes to <c>PATH.tmp</c>, reaches the disk, and only then is renamed
/// over <c>PATH</c>, so a crash or a full disk at any moment leaves the previous file (or none), never half of one.
/// When the write fails, the temporary file is removed and the exception goes on to the caller.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The temporary file <see cref="Write"/> uses for <paramref name="path"/>.</summary>
    public static string TemporaryOf(string path) => path + ".tmp";

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var temporary = TemporaryOf(path);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(file);

                // On disk before the rename, or a power loss could keep the new name with old or no data.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes several files that belong together (a checkpoint and the summary that describes it): every content goes
    /// to its temporary file and reaches the disk first, and only then are they renamed over their paths, one right
    /// after the other. A crash while the contents are written (the long part) leaves all previous files; only one
    /// between two renames, a window of microseconds, could pair a new file with an old one. When a write fails, all
    /// temporary files are removed, no file is replaced, and the exception goes on to the caller.
    /// </summary>
    public static void WriteTogether(params IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var staged = new List<string>(files.Count);
        try
        {
            foreach (var (path, write) in files)
            {
                ArgumentException.ThrowIfNullOrEmpty(path);
                ArgumentNullException.ThrowIfNull(write);
                var temporary = TemporaryOf(path);
                staged.Add(temporary);
                using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
                write(file);
                file.Flush(flushToDisk: true);
            }

            for (var i = 0; i < files.Count; i++)
            {
                File.Move(staged[i], files[i].Path, overwrite: true);
            }
        }
        catch
        {
            foreach (var temporary in staged)
            {
                TryDelete(temporary);
            }

            throw;
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(Utf8.GetBytes(text)));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the caller reports the original failure.
        }
    }
}
