using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Flock.Actors.Transport;

/// <summary>
/// An actor node's end of the weight broadcast: consumes the node's own weights queue (which keeps only
/// the newest snapshot), decodes each snapshot once and hands the same immutable snapshot to every
/// environment actor, which swaps it in whole between two slices of stepping. Snapshots of another shape
/// (a learner restarted with another network) and undecodable bodies are dropped, counted and logged once.
/// </summary>
public sealed class WeightsSubscription(
    IChannel channel,
    IReadOnlyList<IActorRef> actors,
    int expectedWeights,
    GarbageLog garbage,
    Action<WeightSnapshot, TimeSpan>? onDelivered = null)
{
    private long _latestVersion = -1;

    /// <summary>Version last handed to the actors; -1 before the first. Not required to grow: a learner started afresh counts from 0 again.</summary>
    public long LatestVersion => Interlocked.Read(ref _latestVersion);

    public async Task StartAsync(string queue, CancellationToken cancellation)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            WeightSnapshot snapshot;
            try
            {
                snapshot = WireCodec.DecodeWeightSnapshot(delivery.Body.Span, WireLimits.Default);
                if (snapshot.Weights.Length != expectedWeights)
                {
                    throw new WireFormatException("WeightSnapshot.Weights", snapshot.Weights.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"the snapshot has {snapshot.Weights.Length} weights but this node's network has {expectedWeights}");
                }
            }
            catch (WireFormatException e)
            {
                // The weights queue has no dead-letter exchange: it would also collect every snapshot that
                // x-max-length 1 supersedes.
                garbage.Record(queue, delivery.BasicProperties.AppId, e, deadLettered: false);
                await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false);
                return;
            }

            Interlocked.Exchange(ref _latestVersion, snapshot.Version);
            var message = new WeightsArrived(snapshot);
            foreach (var actor in actors)
            {
                actor.Tell(message);
            }

            // Acknowledged after the actors have it: with a prefetch of one, the broker holds the next
            // snapshot until then, and the queue (x-max-length 1) keeps only the newest of those that come meanwhile.
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);

            if (onDelivered is not null && AmqpHeaders.GetLong(delivery.BasicProperties, AmqpHeaders.SentAtTicks) is { } sentAt)
            {
                onDelivered(snapshot, TimeSpan.FromTicks(DateTime.UtcNow.Ticks - sentAt));
            }
        };
        await channel.BasicQosAsync(0, 1, false, cancellation);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellation);
    }
}
