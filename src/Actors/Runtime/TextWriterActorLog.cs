using System.Globalization;

namespace Flock.Actors.Runtime;

/// <summary>
/// Writes log lines as text, one per line (<c>HH:mm:ss.fff LEVEL [source] message</c>), with the exception's
/// full text after the line when there is one. The default log of an actor system writes to standard error,
/// so standard output stays free for results.
/// </summary>
public sealed class TextWriterActorLog : IActorLog
{
    private readonly TextWriter _writer;
    private readonly ActorLogLevel _minimumLevel;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();

    public TextWriterActorLog(TextWriter writer, ActorLogLevel minimumLevel = ActorLogLevel.Info, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _minimumLevel = minimumLevel;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Info and above to standard error.</summary>
    public static TextWriterActorLog StandardError { get; } = new(Console.Error);

    public bool IsEnabled(ActorLogLevel level) => level >= _minimumLevel;

    public void Write(ActorLogLevel level, string source, string message, Exception? exception = null)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var time = _clock.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var line = $"{time} {LevelLabel(level)} [{source}] {message}";
        lock (_lock)
        {
            _writer.WriteLine(line);
            if (exception is not null)
            {
                _writer.WriteLine(exception.ToString());
            }

            _writer.Flush();
        }
    }

    private static string LevelLabel(ActorLogLevel level) => level switch
    {
        ActorLogLevel.Debug => "DEBUG",
        ActorLogLevel.Info => "INFO ",
        ActorLogLevel.Warning => "WARN ",
        _ => "ERROR",
    };
}
