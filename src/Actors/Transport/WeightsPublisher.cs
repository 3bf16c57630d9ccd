using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;
using Flock.Shared.Wire;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// The actor nodes as the learner sees them when it broadcasts: one subscriber among the evaluator and
/// whatever else listens. Keeps only the newest snapshot: <see cref="Offer"/> replaces the one waiting to go
/// out and returns at once, so the learner's thread never encodes or waits on the broker, and a snapshot
/// superseded before it left is never sent (nodes want the newest weights, not every version). A loop on a
/// channel of its own (no queueing behind control messages) encodes into one reused buffer (no large
/// allocation per broadcast) and publishes to the weights fanout exchange with the time of
/// <see cref="Offer"/>, for broadcast latency. The newest snapshot also goes straight to the weights queue of
/// a node that joins. The learner reaches it through <see cref="Subscriber"/>, an actor among the weight subscribers.
/// </summary>
public sealed class WeightsPublisher : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly TextWriter _log;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentQueue<string> _joiners = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Broadcast? _pending;
    private WeightSnapshot? _latest;
    private byte[] _buffer = [];
    private bool _failureLogged;

    public WeightsPublisher(IChannel channel, TextWriter log)
    {
        _channel = channel;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The newest snapshot; null before the first broadcast.</summary>
    public WeightSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>Props of the learner's subscriber that hands each broadcast to <paramref name="publisher"/>.</summary>
    public static Props SubscriberProps(WeightsPublisher publisher) => Props.Create(() => new Subscriber(publisher));

    /// <summary>Replaces the snapshot waiting to go out with <paramref name="message"/>'s and returns at once.</summary>
    public void Offer(WeightsArrived message)
    {
        Volatile.Write(ref _latest, message.Snapshot);
        if (Interlocked.Exchange(ref _pending, new Broadcast(message.Snapshot, DateTime.UtcNow.Ticks)) is not null)
        {
            MessageLoss.Dropped(MessageLoss.Sites.WeightsPublisher, MessageLoss.Reasons.Superseded);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Sends the newest snapshot (if there is one yet) to a joining node's own weights queue.</summary>
    public void SendLatestTo(string weightsQueue)
    {
        _joiners.Enqueue(weightsQueue);
        _wake.Writer.TryWrite(true);
    }

    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // A publish hangs on a broker that is away: cancel it, and let the loop end before its channel goes.
            await _stop.CancelAsync();
            await _loop;
        }

        _stop.Dispose();
        await _channel.DisposeAsync();
    }

    private async Task RunAsync()
    {
        while (await _wake.Reader.WaitToReadAsync())
        {
            _wake.Reader.TryRead(out _);
            if (Interlocked.Exchange(ref _pending, null) is { } broadcast)
            {
                await PublishAsync(ClusterTopology.WeightsExchange, "", broadcast.Snapshot, broadcast.SentAtTicks);
            }

            while (_joiners.TryDequeue(out var queue))
            {
                if (Latest is { } latest)
                {
                    await PublishAsync("", queue, latest, DateTime.UtcNow.Ticks);
                }
            }
        }
    }

    /// <summary>Never throws: a snapshot that cannot go out is counted and logged, and the loop goes on with the next.</summary>
    private async Task PublishAsync(string exchange, string routingKey, WeightSnapshot snapshot, long sentAtTicks)
    {
        try
        {
            var length = WireCodec.GetEncodedLength(snapshot);
            if (_buffer.Length < length)
            {
                _buffer = new byte[length];
            }

            WireCodec.Encode(snapshot, _buffer.AsSpan(0, length));
            var properties = new BasicProperties
            {
                DeliveryMode = DeliveryModes.Transient,
                Headers = new Dictionary<string, object?> { [AmqpHeaders.SentAtTicks] = sentAtTicks },
            };

            // The client copies the body into its outgoing frame before returning, so the buffer is free again.
            await _channel.BasicPublishAsync(exchange, routingKey, false, properties, _buffer.AsMemory(0, length), _stop.Token);
            _failureLogged = false;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The broker is away (or the snapshot cannot be encoded): the next broadcast supersedes this one anyway.
            MessageLoss.Dropped(MessageLoss.Sites.WeightsPublisher, MessageLoss.Reasons.PublishFailed);
            if (!_failureLogged)
            {
                _failureLogged = true;
                _log.WriteLine($"flockrl: weights could not be broadcast ({e.Message}); the next snapshot follows once the broker is back");
            }
        }
    }

    private sealed record Broadcast(WeightSnapshot Snapshot, long SentAtTicks);

    /// <summary>The actor nodes as the learner sees them: one more weight subscriber.</summary>
    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber(WeightsPublisher publisher) => Receive<WeightsArrived>(publisher.Offer);
    }
}
