namespace Flock.Shared.Telemetry;

/// <summary>Names of the spans (activities) started on <see cref="FlockTelemetry.Source"/>.</summary>
public static class SpanNames
{
    /// <summary>An environment actor steps its vector environment for one batch of steps.</summary>
    public const string EnvStepBatch = "flock.env.step_batch";

    /// <summary>An environment actor runs the Q-network forward pass to choose actions.</summary>
    public const string EnvInference = "flock.env.inference";

    /// <summary>A message leaves an actor for another one (in-process or over a transport).</summary>
    public const string ActorSend = "flock.actor.send";

    /// <summary>The replay inserts a batch of transitions.</summary>
    public const string ReplayInsert = "flock.replay.insert";

    /// <summary>The replay draws a prioritized sample for the learner.</summary>
    public const string ReplaySample = "flock.replay.sample";

    /// <summary>The learner runs one gradient update.</summary>
    public const string LearnerUpdate = "flock.learner.update";

    /// <summary>The learner broadcasts a weight snapshot to the actors.</summary>
    public const string LearnerBroadcast = "flock.learner.broadcast";

    /// <summary>An actor swaps in a new weight snapshot.</summary>
    public const string ActorWeightsSwap = "flock.actor.weights_swap";
}
