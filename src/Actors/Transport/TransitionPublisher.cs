using System.Buffers;
using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Shared.Telemetry;
using Flock.Shared.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Flock.Actors.Transport;

/// <summary>What an actor node's transition publishers have done, read by its heartbeat.</summary>
public sealed class PublishCounters
{
    private long _transitionsSent;
    private long _retries;

    public long TransitionsSent => Interlocked.Read(ref _transitionsSent);

    /// <summary>Publishes the broker refused (queue full) or lost (connection down) and that were sent again.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    internal void AddSent(int transitions) => Interlocked.Add(ref _transitionsSent, transitions);

    internal void AddRetry() => Interlocked.Increment(ref _retries);
}

/// <summary>
/// The replay as an environment actor on an actor node sees it: each batch is wire-encoded and published
/// to the transition queue on a channel with publisher confirms, and the actor hears
/// <see cref="InsertAcknowledged"/> only when the broker confirms. A nack (the bounded queue is full and
/// refuses publishes) or a lost connection is retried with backoff, so a slow learner slows the actors
/// (their window of unacknowledged batches fills) and no batch is dropped. Batches are persistent, so
/// the confirmed ones also outlive a broker restart. A batch whose confirm was lost with the connection
/// is sent again and may then arrive twice: at least once, never lost. An actor, so that the environment
/// actor sends to it as it sends to the replay in <c>train</c>.
/// </summary>
public sealed class TransitionPublisher : ReceiveActor
{
    /// <summary>What a publisher's channel needs: confirms tracked by the client, so each publish completes when the broker confirmed (or refused) it.</summary>
    public static CreateChannelOptions ChannelOptions { get; } =
        new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    // Persistent in a durable queue: a batch the broker confirmed survives a broker restart (the broker
    // confirms it once it is on disk, or once the learner has acknowledged it), so the learner gets every
    // confirmed transition. It costs about half of the
    // broker's throughput on loopback (README, "Run on a cluster"), still twice the million-per-second aim.
    private readonly BasicProperties _properties;
    private readonly IChannel _channel;
    private readonly PublishCounters _counters;
    private readonly CancellationToken _stopping;

    // One publish on the channel at a time: RabbitMQ.Client's channels are not safe for concurrent publishes with
    // confirmation tracking (overlapping ones raced in its confirm bookkeeping, "The given key '1' was not present
    // in the dictionary", which closed the connection and stalled the node).
    private readonly SemaphoreSlim _publishing = new(1, 1);

    public TransitionPublisher(IChannel channel, string nodeId, PublishCounters counters, CancellationToken stopping)
    {
        _channel = channel;
        _counters = counters;
        _stopping = stopping;
        _properties = new BasicProperties { AppId = nodeId, DeliveryMode = DeliveryModes.Persistent };

        // Off the actor's thread, so that waiting for a confirm never holds up the actor's mailbox.
        Receive<InsertBatch>(insert => _ = Task.Run(() => PublishAsync(insert)));
    }

    private async Task PublishAsync(InsertBatch insert)
    {
        var length = WireCodec.GetEncodedLength(insert.Batch);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            WireCodec.Encode(insert.Batch, buffer);
            var backoff = FirstBackoff;
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await _publishing.WaitAsync(_stopping);
                    try
                    {
                        await _channel.BasicPublishAsync("", ClusterTopology.TransitionQueue, false, _properties, buffer.AsMemory(0, length), _stopping);
                    }
                    finally
                    {
                        _publishing.Release();
                    }

                    _counters.AddSent(insert.Batch.Count);
                    insert.AckTo?.Tell(InsertAcknowledged.Instance);
                    return;
                }
                catch (Exception e) when (e is PublishException or AlreadyClosedException or OperationInterruptedException or ObjectDisposedException)
                {
                    if (e is PublishException)
                    {
                        MessageLoss.Rejected(MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.BrokerNack);
                    }

                    _counters.AddRetry();
                    await Task.Delay(backoff, _stopping);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }

            MessageLoss.Dropped(MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.Stopping);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The node is stopping: the actor that sent this batch is stopping too and needs no ack; the batch is lost.
            MessageLoss.Dropped(MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.Stopping);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
