namespace Flock.Actors.Runtime;

/// <summary>Where an actor is in its life.</summary>
public enum ActorState
{
    /// <summary>An instance is being created or is in <c>PreStartAsync</c>.</summary>
    Starting,

    Running,

    /// <summary>Waiting out the backoff after a failure.</summary>
    Restarting,

    /// <summary>Queued messages handled, <c>PostStopAsync</c> running.</summary>
    Stopping,

    Stopped,

    /// <summary>Stopped for good after a failure it was not allowed to survive; the system is stopping.</summary>
    Escalated,
}
