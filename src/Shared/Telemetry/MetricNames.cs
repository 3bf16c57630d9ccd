namespace Flock.Shared.Telemetry;

/// <summary>Names of the instruments created on <see cref="FlockTelemetry.Meter"/>.</summary>
public static class MetricNames
{
    /// <summary>Counter of environment steps taken by all environment actors.</summary>
    public const string EnvSteps = "flock.env.steps";

    /// <summary>Counter of transitions inserted into the replay.</summary>
    public const string TransitionsInserted = "flock.replay.transitions_inserted";

    /// <summary>Counter of learner gradient updates.</summary>
    public const string LearnerUpdates = "flock.learner.updates";

    /// <summary>Gauge of transitions held by the replay.</summary>
    public const string ReplaySize = "flock.replay.size";

    /// <summary>Gauge of messages waiting in an actor's mailbox; tagged with <see cref="TagNames.Actor"/> and <see cref="TagNames.Role"/>.</summary>
    public const string MailboxDepth = "flock.mailbox.depth";

    /// <summary>Counter of messages dropped on purpose by a component that tolerates loss (a transport, a stale update).</summary>
    public const string MessagesDropped = "flock.messages.dropped";

    /// <summary>
    /// Counter of messages that never reached an actor: told to a stopped actor, rejected by a full mailbox or
    /// evicted from a drop-oldest one; tagged with <see cref="TagNames.Reason"/>.
    /// </summary>
    public const string DeadLetters = "flock.actor.dead_letters";

    /// <summary>Counter of actor restarts after a failure.</summary>
    public const string ActorRestarts = "flock.actor.restarts";
}
