using System.Globalization;
using Flock.Actors.Hosting;

namespace Flock.Actors.Run;

/// <summary>
/// The log of a run: one line per event (<c>HH:mm:ss.fff LEVEL [source] message</c>) on the console (stderr), and
/// the same lines with every failure's full stack trace in the run directory's <c>run.log</c>. A stack trace reaches
/// the console only with <c>--verbose</c>: an expected failure reads as its message. A console or log file that
/// cannot be written (closed stderr, a full disk) is dropped, never the run. Akka.NET's log events reach it through
/// <see cref="FlockLogger"/>.
/// </summary>
public sealed class RunLog : IDisposable
{
    private readonly TextWriter _console;
    private readonly bool _verbose;
    private readonly FlockLogLevel _minimum;
    private readonly Lock _lock = new();
    private StreamWriter? _file;

    public RunLog(TextWriter console, string? logFile = null, bool verbose = false, FlockLogLevel minimumLevel = FlockLogLevel.Info)
    {
        ArgumentNullException.ThrowIfNull(console);
        _console = console;
        _verbose = verbose;
        _minimum = minimumLevel;
        try
        {
            _file = logFile is null ? null : new StreamWriter(logFile, append: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file = null;
        }
    }

    public bool IsEnabled(FlockLogLevel level) => level >= _minimum;

    public void Write(FlockLogLevel level, string source, string message, Exception? exception = null) =>
        Write(DateTime.UtcNow, level, source, message, exception);

    public void Write(DateTime time, FlockLogLevel level, string source, string message, Exception? exception = null)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var line = $"{time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {Label(level)} [{source}] {message}";
        lock (_lock)
        {
            try
            {
                _console.WriteLine(line);
                if (exception is not null && _verbose)
                {
                    _console.WriteLine(exception.ToString());
                }

                _console.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A closed stderr (2>&-) must not end the run.
            }

            WriteFile(line, exception);
        }
    }

    /// <summary>A failure the host reports itself (the run failed): its stack trace goes to run.log (and the console with --verbose).</summary>
    public void Failure(string message, Exception exception) => Write(FlockLogLevel.Error, "run", message, exception);

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void WriteFile(string line, Exception? exception)
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            _file.WriteLine(line);
            if (exception is not null)
            {
                _file.WriteLine(exception.ToString());
            }

            _file.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file.Dispose();
            _file = null;
        }
    }

    private static string Label(FlockLogLevel level) => level switch
    {
        FlockLogLevel.Debug => "DEBUG",
        FlockLogLevel.Info => "INFO ",
        FlockLogLevel.Warning => "WARN ",
        _ => "ERROR",
    };
}
