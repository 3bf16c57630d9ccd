namespace Flock.Shared.Telemetry;

/// <summary>Keys of the tags (attributes) put on Flock metrics and spans, so every emitter spells them alike.</summary>
public static class TagNames
{
    /// <summary>Name of the actor system (one per process, or per test).</summary>
    public const string System = "flock.system";

    /// <summary>Unique name of the actor, e.g. <c>env-3</c>.</summary>
    public const string Actor = "flock.actor";

    /// <summary>Role the actor plays, e.g. <c>env</c>, <c>replay</c>, <c>learner</c>.</summary>
    public const string Role = "flock.role";

    /// <summary>Why something happened, e.g. why a message became a dead letter.</summary>
    public const string Reason = "flock.reason";

    /// <summary>Where a message was dropped or rejected: one of <see cref="MessageLoss.Sites"/>.</summary>
    public const string Site = "flock.site";

    /// <summary>Host or node name the span or measurement comes from.</summary>
    public const string Node = "flock.node";

    /// <summary>Global id of an environment actor.</summary>
    public const string ActorId = "flock.actor_id";

    /// <summary>Transitions in the batch a span handled.</summary>
    public const string BatchSize = "flock.batch_size";

    /// <summary>Network weights version a span acted with or produced.</summary>
    public const string WeightsVersion = "flock.weights_version";

    /// <summary>Transitions held by the replay when the span ended.</summary>
    public const string ReplaySize = "flock.replay_size";

    /// <summary>Vector environment steps taken by a <see cref="SpanNames.EnvStepBatch"/> span.</summary>
    public const string VectorSteps = "flock.vector_steps";
}
