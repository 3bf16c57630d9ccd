namespace Flock.Actors.Runtime;

/// <summary>Settings of an <see cref="ActorSystem"/> as a whole.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Where the runtime and the actors log; standard error by default.</summary>
    public IActorLog Log { get; init; } = TextWriterActorLog.StandardError;

    /// <summary>Clock of timers, backoffs and restart windows.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Dead letters are logged for the first one of each (actor, message type, reason) and then for every
    /// N-th, so a flood cannot drown the log.
    /// </summary>
    public int DeadLetterLogEvery { get; init; } = 1000;

    /// <summary>How long the system-wide stop that follows an escalation may take to drain the other actors.</summary>
    public TimeSpan EscalationStopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static ActorSystemOptions Default { get; } = new();
}
