namespace Flock.Actors.Runtime;

/// <summary>
/// Where the runtime and the actors write their log lines. Implementations must be thread-safe: every actor
/// writes from its own thread.
/// </summary>
public interface IActorLog
{
    /// <summary>Whether lines of <paramref name="level"/> are written; lets callers skip building costly messages.</summary>
    bool IsEnabled(ActorLogLevel level);

    /// <summary>Writes one line.</summary>
    /// <param name="level">Severity.</param>
    /// <param name="source">Who writes: an actor name, or the actor system's name.</param>
    /// <param name="message">The line, already formatted.</param>
    /// <param name="exception">The failure the line is about, if any.</param>
    void Write(ActorLogLevel level, string source, string message, Exception? exception = null);
}
