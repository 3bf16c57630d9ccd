using Flock.Actors.Transport;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Flock.Actors.Cluster;

/// <summary>A node's refusal by the learner, or a learner it cannot talk to: the node stops with this message.</summary>
public sealed class JoinRefusedException(string message) : Exception(message);

/// <summary>What a node gets when it joins: the run configuration JSON and its global actor ids.</summary>
public sealed record JoinGrant(string ConfigJson, IReadOnlyList<int> ActorIds);

/// <summary>
/// The joining handshake of an actor node: says hello on the control queue (again every few seconds, as
/// the learner may not be up yet) and waits on its inbox for the configuration. A reply in another wire
/// protocol version, or a refusal, ends the wait with <see cref="JoinRefusedException"/>.
/// </summary>
public static class NodeJoin
{
    private static readonly TimeSpan HelloInterval = TimeSpan.FromSeconds(2);

    public static async Task<JoinGrant> JoinAsync(IChannel channel, ControlSender sender, Hello hello, string inbox, string weightsQueue, TextWriter log, CancellationToken cancellation)
    {
        var granted = new TaskCompletionSource<JoinGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            try
            {
                if (AmqpHeaders.GetString(delivery.BasicProperties, AmqpHeaders.Refused) is { } refusal)
                {
                    granted.TrySetException(new JoinRefusedException($"the learner refused this node: {refusal}"));
                }
                else
                {
                    var envelope = WireCodec.DecodeRunConfig(delivery.Body.Span, WireLimits.Default);
                    var ids = AmqpHeaders.ParseIds(AmqpHeaders.GetString(delivery.BasicProperties, AmqpHeaders.ActorIds))
                        ?? throw new WireFormatException(AmqpHeaders.ActorIds, "", "the join reply names no actor ids");
                    granted.TrySetResult(new JoinGrant(envelope.Json, ids));
                }
            }
            catch (WireProtocolVersionException e)
            {
                granted.TrySetException(new JoinRefusedException(
                    $"the learner speaks wire protocol {e.ReceivedVersion} but this node speaks {e.SupportedVersion}: run the same Flock version on every node"));
            }
            catch (WireFormatException e)
            {
                granted.TrySetException(new JoinRefusedException($"the learner's join reply is not a valid Flock message: {e.Message}"));
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(inbox, autoAck: true, consumer, cancellation);

        var waited = 0;
        while (!granted.Task.IsCompleted)
        {
            var (body, length) = WireBodies.Encode(hello);
            var properties = new BasicProperties
            {
                AppId = hello.NodeId,
                ReplyTo = inbox,
                Headers = new Dictionary<string, object?> { [AmqpHeaders.WeightsQueue] = weightsQueue },
            };
            sender.Send(new OutgoingMessage("", ClusterTopology.ControlQueue, body, length, properties, PooledBody: true));
            await Task.WhenAny(granted.Task, Task.Delay(HelloInterval, cancellation));
            cancellation.ThrowIfCancellationRequested();
            if (!granted.Task.IsCompleted && ++waited % 5 == 1)
            {
                log.WriteLine("flockrl: waiting for the learner to answer (is `flockrl learner` running on this broker?)");
            }
        }

        return await granted.Task;
    }
}
