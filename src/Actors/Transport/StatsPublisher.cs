using Akka.Actor;
using Flock.Actors.Roles;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// The coordinator as an environment actor on an actor node sees it: its statistics are wire-encoded
/// (<c>ActorStats</c>, the non-zero reward count in a header) and sent to the learner's control queue.
/// </summary>
public sealed class StatsPublisher : ReceiveActor
{
    public StatsPublisher(ControlSender sender, string nodeId) => Receive<ActorStatsReported>(message => Publish(sender, nodeId, message));

    private static void Publish(ControlSender sender, string nodeId, ActorStatsReported message)
    {
        var (body, length) = WireBodies.Encode(message.Stats);
        var properties = new BasicProperties
        {
            AppId = nodeId,
            Headers = new Dictionary<string, object?> { [AmqpHeaders.NonZeroRewards] = message.NonZeroRewards },
        };
        sender.Send(new OutgoingMessage("", ClusterTopology.ControlQueue, body, length, properties, PooledBody: true));
    }
}
