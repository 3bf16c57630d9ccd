using System.Threading.Channels;
using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Shared.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Flock.Actors.Transport;

/// <summary>
/// The learner node's end of the transition queue: decodes each batch and hands it to the replay, and
/// acknowledges the delivery to the broker only when the replay acknowledges the insert. The replay parks
/// inserts that would outrun the learner (samples-per-insert), so unacknowledged deliveries pile up to the
/// prefetch limit, the broker stops delivering, the bounded queue fills and refuses publishes, and the
/// actor nodes slow down: backpressure end to end, nothing dropped. Undecodable bodies go to the
/// dead-letter queue.
/// </summary>
public sealed class TransitionConsumer(IChannel channel, IActorRef replay, GarbageLog garbage, ushort prefetch) : IAsyncDisposable
{
    private readonly Channel<ulong> _acks = Channel.CreateUnbounded<ulong>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _ackLoop = Task.CompletedTask;
    private string? _consumerTag;

    // Deliveries already queued in the client's dispatcher still run after the broker confirmed the cancel;
    // they must neither touch the disposed token source nor insert what can no longer be acknowledged.
    private volatile bool _stopping;
    private CancellationToken _stopToken;

    public async Task StartAsync(CancellationToken cancellation)
    {
        _stopToken = _stop.Token;
        await channel.BasicQosAsync(0, prefetch, false, cancellation);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        _ackLoop = Task.Run(AckLoopAsync, CancellationToken.None);
        _consumerTag = await channel.BasicConsumeAsync(ClusterTopology.TransitionQueue, autoAck: false, consumer, cancellation);
    }

    /// <summary>
    /// Cancels the consumer first, so the broker sends nothing more; deliveries it had already sent, and a
    /// callback already running, leave their delivery unacknowledged (the broker hands it to the next learner).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_consumerTag is { } tag && channel.IsOpen)
        {
            try
            {
                await channel.BasicCancelAsync(tag, noWait: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The connection is gone or the broker does not answer: no delivery can arrive through it anyway.
            }
        }

        _acks.Writer.TryComplete();
        await _stop.CancelAsync();
        await _ackLoop;
        _stop.Dispose();
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (_stopping)
        {
            return;
        }

        Shared.Messages.TransitionBatch batch;
        try
        {
            batch = WireCodec.DecodeTransitionBatch(delivery.Body.Span, WireLimits.Default);
        }
        catch (WireFormatException e)
        {
            garbage.Record(ClusterTopology.TransitionQueue, delivery.BasicProperties.AppId, e);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false);
            return;
        }

        // The replay's acknowledgement comes back to a temporary ref of Akka's ask, one per delivery; the
        // delivery is acknowledged to the broker then. Not awaited: the prefetch bounds what is in flight.
        // Stopping cancels the asks: unacknowledged deliveries return to the queue for the next learner.
        var tag = delivery.DeliveryTag;
        _ = replay.Ask<InsertAcknowledged>(ackTo => new InsertBatch(batch, ackTo), timeout: null, _stopToken)
            .ContinueWith(
                static (ask, state) =>
                {
                    if (ask.IsCompletedSuccessfully)
                    {
                        var (acks, tag) = ((ChannelWriter<ulong>, ulong))state!;
                        acks.TryWrite(tag);
                    }
                },
                (_acks.Writer, tag),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
    }

    /// <summary>
    /// Acknowledges in batches: the replay acknowledges inserts in delivery order (one consumer, FIFO
    /// mailbox and FIFO parking), so acknowledging the newest tag with multiple=true covers all before it.
    /// </summary>
    private async Task AckLoopAsync()
    {
        try
        {
            while (await _acks.Reader.WaitToReadAsync(_stop.Token))
            {
                ulong newest = 0;
                while (_acks.Reader.TryRead(out var tag))
                {
                    newest = Math.Max(newest, tag);
                }

                try
                {
                    await channel.BasicAckAsync(newest, multiple: true, _stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The connection dropped: the broker requeues what was not acknowledged, and the
                    // recovered channel ignores tags of the old connection.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
