namespace Flock.Actors.Runtime;

/// <summary>An <see cref="IActorLog"/> bound to one source (an actor's name), with one method per level.</summary>
public sealed class ActorLogger
{
    private readonly IActorLog _log;

    public ActorLogger(IActorLog log, string source)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(source);
        _log = log;
        Source = source;
    }

    /// <summary>The source every line is written with.</summary>
    public string Source { get; }

    public bool IsEnabled(ActorLogLevel level) => _log.IsEnabled(level);

    public void Debug(string message) => _log.Write(ActorLogLevel.Debug, Source, message);

    public void Info(string message) => _log.Write(ActorLogLevel.Info, Source, message);

    public void Warning(string message, Exception? exception = null) => _log.Write(ActorLogLevel.Warning, Source, message, exception);

    public void Error(string message, Exception? exception = null) => _log.Write(ActorLogLevel.Error, Source, message, exception);

    public void Write(ActorLogLevel level, string message, Exception? exception = null) => _log.Write(level, Source, message, exception);
}
