namespace Flock.Shared.Messages;

/// <summary>
/// The replay's acknowledgement of one <see cref="TransitionBatch"/>, sent back to the node that published it so
/// the node can bound the batches it has in flight. It carries nothing, so one instance serves every ack.
/// </summary>
public sealed record InsertAck
{
    public static InsertAck Instance { get; } = new();
}
