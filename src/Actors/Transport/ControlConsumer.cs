using Akka.Actor;
using Flock.Actors.Cluster;
using Flock.Shared.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Flock.Actors.Transport;

/// <summary>
/// The learner node's end of the control queue: hellos, heartbeats and actor statistics go to the
/// membership actor. Anything else, or anything undecodable, goes to the dead-letter queue and is counted;
/// a hello in another wire protocol version is also answered with a refusal, so the node stops with a
/// clear error instead of waiting forever.
/// </summary>
public sealed class ControlConsumer(IChannel channel, IActorRef membership, IActorRef replies, GarbageLog garbage, TextWriter log)
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        await channel.BasicConsumeAsync(ClusterTopology.ControlQueue, autoAck: false, consumer, cancellation);
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var properties = delivery.BasicProperties;
        try
        {
            var body = delivery.Body.Span;
            switch (WireCodec.PeekType(body))
            {
                case WireMessageType.Hello:
                    membership.Tell(new NodeHelloReceived(WireCodec.DecodeHello(body, WireLimits.Default), properties.ReplyTo, AmqpHeaders.GetString(properties, AmqpHeaders.WeightsQueue)));
                    break;
                case WireMessageType.Heartbeat:
                    membership.Tell(new NodeHeartbeatReceived(
                        WireCodec.DecodeHeartbeat(body, WireLimits.Default),
                        AmqpHeaders.ParseIds(AmqpHeaders.GetString(properties, AmqpHeaders.ActorIds)),
                        AmqpHeaders.GetLong(properties, AmqpHeaders.PublishRetries) ?? 0));
                    break;
                case WireMessageType.ActorStats:
                    membership.Tell(new NodeStatsReceived(properties.AppId ?? "", WireCodec.DecodeActorStats(body, WireLimits.Default), AmqpHeaders.GetLong(properties, AmqpHeaders.NonZeroRewards) ?? 0));
                    break;
                case var other:
                    throw new WireFormatException("header.type", other.ToString(), $"{other} does not belong on {ClusterTopology.ControlQueue}");
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (WireFormatException e)
        {
            garbage.Record(ClusterTopology.ControlQueue, properties.AppId, e);
            if (e is WireProtocolVersionException version && properties.ReplyTo is { Length: > 0 } replyTo)
            {
                var reason = $"this learner speaks wire protocol {version.SupportedVersion} but the node speaks {version.ReceivedVersion}: run the same Flock version on every node";
                log.WriteLine($"flockrl: refused node {properties.AppId ?? "unknown"}: {reason}");
                replies.Tell(new JoinAnswer(properties.AppId ?? "unknown", replyTo, null, [], reason));
            }

            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false);
        }
    }
}
