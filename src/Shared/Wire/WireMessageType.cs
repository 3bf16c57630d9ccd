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
}
