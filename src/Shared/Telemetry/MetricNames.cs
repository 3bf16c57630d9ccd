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

    /// <summary>
    /// Counter of messages lost for good (evicted, sent to a stopped actor, abandoned, stale); tagged with
    /// <see cref="TagNames.Site"/>, <see cref="TagNames.Reason"/> and, in the runtime, <see cref="TagNames.Role"/>. See <see cref="MessageLoss"/>.
    /// </summary>
    public const string MessagesDropped = "flock.messages.dropped";

    /// <summary>
    /// Counter of messages that never reached an actor: told to a stopped actor, rejected by a full mailbox or
    /// evicted from a drop-oldest one; tagged with <see cref="TagNames.Reason"/>.
    /// </summary>
    public const string DeadLetters = "flock.actor.dead_letters";

    /// <summary>Counter of actor restarts after a failure.</summary>
    public const string ActorRestarts = "flock.actor.restarts";

    /// <summary>Histogram of the undiscounted return of finished training episodes.</summary>
    public const string EpisodeReturn = "flock.env.episode_return";

    /// <summary>Histogram of the wall time of one learner update, in seconds.</summary>
    public const string UpdateDuration = "flock.learner.update_duration";

    /// <summary>Gauge of how many weight versions an environment actor is behind the learner; tagged with <see cref="TagNames.Actor"/>.</summary>
    public const string WeightsVersionLag = "flock.env.weights_version_lag";

    /// <summary>
    /// Counter of messages refused by a receiver that told the sender (a full mailbox, a message from another
    /// node that did not deserialize); tagged like <see cref="MessagesDropped"/>.
    /// </summary>
    public const string MessagesRejected = "flock.messages.rejected";

    /// <summary>Gauge of actor nodes the learner currently hears from (cluster mode).</summary>
    public const string LiveActorNodes = "flock.cluster.live_actor_nodes";
}
