using System.Runtime.InteropServices;

namespace Flock.Actors.Cli;

/// <summary>
/// Makes sure standard output and error are open before anything writes to them or opens a file. A process started
/// with stderr closed (<c>2&gt;&amp;-</c>) would otherwise abort on its first log line, or worse, hand descriptor 2 to the
/// next file it opens (a checkpoint, metrics.csv) and write its log lines into it. A closed one is pointed at
/// <c>/dev/null</c>: what would have been printed is lost, the run is not. When the runtime already took the closed
/// descriptor for itself at startup (it does: a pipe it reads from), that descriptor is left alone and the console
/// writer is silenced instead. Either way a write error on the console (a reader that went away) never ends the run.
/// </summary>
internal static partial class StandardStreams
{
    private const int GetDescriptorFlags = 1; // F_GETFD
    private const int GetStatusFlags = 3; // F_GETFL
    private const int AccessModeMask = 3; // O_ACCMODE
    private const int ReadOnly = 0; // O_RDONLY
    private const int WriteOnly = 1; // O_WRONLY

    public static void EnsureOpen()
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (var descriptor in new[] { 1, 2 })
            {
                EnsureWritable(descriptor);
            }
        }

        Console.SetOut(new ForgivingWriter(Console.Out));
        Console.SetError(new ForgivingWriter(Console.Error));
    }

    private static void EnsureWritable(int descriptor)
    {
        if (Fcntl(descriptor, GetDescriptorFlags) >= 0)
        {
            if ((Fcntl(descriptor, GetStatusFlags) & AccessModeMask) == ReadOnly)
            {
                // Not a stream we may write to: the runtime's own descriptor, which took the number of a closed one.
                if (descriptor == 1)
                {
                    Console.SetOut(TextWriter.Null);
                }
                else
                {
                    Console.SetError(TextWriter.Null);
                }
            }

            return;
        }

        {
            // open() takes the lowest free descriptor: the closed one itself when those below it are open; else dup2 moves it there.
            var devNull = Open("/dev/null", WriteOnly);
            if (devNull >= 0 && devNull != descriptor)
            {
                Dup2(devNull, descriptor);
                Close(devNull);
            }
        }
    }

    /// <summary>A console writer whose write errors (EBADF, EPIPE) are dropped: printing must never end a run.</summary>
    private sealed class ForgivingWriter(TextWriter inner) : TextWriter
    {
        private bool _broken;

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => inner.FormatProvider;

        public override void Write(char value) => Try(() => inner.Write(value));

        public override void Write(string? value) => Try(() => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => Try(() => inner.Write(buffer, index, count));

        public override void WriteLine(string? value) => Try(() => inner.WriteLine(value));

        public override void Flush() => Try(inner.Flush);

        private void Try(Action write)
        {
            if (_broken)
            {
                return;
            }

            try
            {
                write();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _broken = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int descriptor, int command);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
