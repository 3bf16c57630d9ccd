using Flock.Actors.Roles;
using Flock.Actors.Runtime;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// The actor nodes as the learner sees them when it broadcasts: one subscriber among the evaluator and
/// whatever else listens. Each snapshot is encoded once and published to the weights fanout exchange
/// with its publish time (for broadcast latency); the newest encoded snapshot is kept for nodes that
/// join later.
/// </summary>
public sealed class WeightsPublisher(ControlSender sender) : IActorRef<WeightsArrived>
{
    private byte[]? _latest;

    public string Name => $"actor nodes via {ClusterTopology.WeightsExchange}";

    /// <summary>The newest snapshot, encoded; null before the first broadcast.</summary>
    public byte[]? Latest => Volatile.Read(ref _latest);

    public bool Tell(WeightsArrived message)
    {
        var body = WireBodies.EncodeExact(message.Snapshot);
        Volatile.Write(ref _latest, body);
        sender.Send(new OutgoingMessage(ClusterTopology.WeightsExchange, "", body, body.Length, Stamped(), PooledBody: false));
        return true;
    }

    public ValueTask<bool> TellAsync(WeightsArrived message, CancellationToken cancellationToken = default) => ValueTask.FromResult(Tell(message));

    /// <summary>Properties carrying the publish time, read by the nodes to measure broadcast latency.</summary>
    public static BasicProperties Stamped() => new()
    {
        DeliveryMode = DeliveryModes.Transient,
        Headers = new Dictionary<string, object?> { [AmqpHeaders.SentAtTicks] = DateTime.UtcNow.Ticks },
    };
}
