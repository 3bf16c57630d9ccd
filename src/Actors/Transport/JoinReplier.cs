using Akka.Actor;
using Flock.Actors.Cluster;
using Flock.Shared.Wire;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// Sends the learner's answer to a joining node: the run configuration (wire <c>RunConfig</c>, the JSON
/// that <c>config.json</c> holds, password redacted) with the node's actor ids in a header, then the
/// newest weights straight into the node's weights queue so it acts with current weights from its first
/// step. A refusal is an empty body with the reason in a header.
/// </summary>
public sealed class JoinReplier : ReceiveActor
{
    public JoinReplier(ControlSender sender, string configJson, WeightsPublisher weights) => Receive<JoinAnswer>(message => Reply(sender, configJson, weights, message));

    private static void Reply(ControlSender sender, string configJson, WeightsPublisher weights, JoinAnswer message)
    {
        if (message.Refusal is { } refusal)
        {
            var refused = new BasicProperties { Headers = new Dictionary<string, object?> { [AmqpHeaders.Refused] = refusal } };
            sender.Send(new OutgoingMessage("", message.ReplyTo, [], 0, refused, PooledBody: false));
            return;
        }

        var (body, length) = WireBodies.Encode(new RunConfigEnvelope(configJson));
        var properties = new BasicProperties { Headers = new Dictionary<string, object?> { [AmqpHeaders.ActorIds] = AmqpHeaders.FormatIds(message.ActorIds) } };
        sender.Send(new OutgoingMessage("", message.ReplyTo, body, length, properties, PooledBody: true));
        if (message.WeightsQueue is { Length: > 0 } queue)
        {
            weights.SendLatestTo(queue);
        }
    }
}
