using Flock.Actors.Roles;
using Flock.Actors.Runtime;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// The coordinator as an environment actor on an actor node sees it: its statistics are wire-encoded
/// (<c>ActorStats</c>, the non-zero reward count in a header) and sent to the learner's control queue.
/// </summary>
public sealed class StatsPublisher(ControlSender sender, string nodeId) : IActorRef<ActorStatsReported>
{
    public string Name => $"coordinator via {ClusterTopology.ControlQueue}";

    public bool Tell(ActorStatsReported message)
    {
        var (body, length) = WireBodies.Encode(message.Stats);
        var properties = new BasicProperties
        {
            AppId = nodeId,
            Headers = new Dictionary<string, object?> { [AmqpHeaders.NonZeroRewards] = message.NonZeroRewards },
        };
        sender.Send(new OutgoingMessage("", ClusterTopology.ControlQueue, body, length, properties, PooledBody: true));
        return true;
    }

    public ValueTask<bool> TellAsync(ActorStatsReported message, CancellationToken cancellationToken = default) => ValueTask.FromResult(Tell(message));
}
