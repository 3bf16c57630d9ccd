namespace Flock.Shared.Wire;

/// <summary>
/// Message type carried in the header. Values are part of the protocol: never renumber, only append.
/// Zero is left unused so that a zeroed buffer never decodes as a message.
/// </summary>
public enum WireMessageType : ushort
{
    TransitionBatch = 1,
    WeightSnapshot = 2,
    PriorityUpdate = 3,
    Hello = 4,
    Heartbeat = 5,
    ActorStats = 6,

    /// <summary>Run configuration as UTF-8 JSON, carried by <see cref="RunConfigEnvelope"/>.</summary>
    RunConfig = 7,

    /// <summary>The learner's answer to a Hello that it accepts.</summary>
    JoinGrant = 8,

    /// <summary>The learner's answer to a Hello that it refuses.</summary>
    JoinRefused = 9,

    /// <summary>One piece of an encoded WeightSnapshot.</summary>
    WeightsChunk = 10,

    /// <summary>One actor's statistics as an actor node sends them.</summary>
    NodeStats = 11,

    /// <summary>The replay's acknowledgement of one TransitionBatch.</summary>
    InsertAck = 12,
}
