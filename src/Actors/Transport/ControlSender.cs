using System.Buffers;
using System.Threading.Channels;
using Flock.Shared.Telemetry;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>One message for <see cref="ControlSender"/>: where to, the encoded body, and its properties.</summary>
public sealed record OutgoingMessage(string Exchange, string RoutingKey, byte[] Body, int Length, BasicProperties Properties, bool PooledBody);

/// <summary>
/// Publishes small control messages (hellos, heartbeats, statistics, join replies) from any thread
/// through one channel without confirms: they are periodic or superseded by the next one, so one lost
/// while the broker is away costs nothing. A bounded queue drops the oldest when the broker cannot keep
/// up, so senders never wait.
/// </summary>
public sealed class ControlSender : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly TextWriter _log;
    private readonly Channel<OutgoingMessage> _queue = Channel.CreateBounded<OutgoingMessage>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        static _ => MessageLoss.Dropped(MessageLoss.Sites.ControlSender, MessageLoss.Reasons.DroppedOldest));

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _failureLogged;

    public ControlSender(IChannel channel, TextWriter log)
    {
        _channel = channel;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    public void Send(OutgoingMessage message) => _queue.Writer.TryWrite(message);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var message in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await _channel.BasicPublishAsync(message.Exchange, message.RoutingKey, false, message.Properties, message.Body.AsMemory(0, message.Length), _stop.Token);
                _failureLogged = false;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                MessageLoss.Dropped(MessageLoss.Sites.ControlSender, MessageLoss.Reasons.PublishFailed);
                if (!_failureLogged)
                {
                    _failureLogged = true;
                    _log.WriteLine($"flockrl: a control message could not be sent ({e.Message}); later ones will follow once the broker is back");
                }
            }
            finally
            {
                if (message.PooledBody)
                {
                    ArrayPool<byte>.Shared.Return(message.Body);
                }
            }
        }
    }
}
