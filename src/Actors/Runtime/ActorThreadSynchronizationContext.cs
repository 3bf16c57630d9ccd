using System.Collections.Concurrent;

namespace Flock.Actors.Runtime;

/// <summary>
/// Runs an async loop on a thread of its own: every continuation of the loop (and of the handlers it awaits)
/// is posted back here and run by that thread, so a CPU-bound actor never takes thread-pool threads, however
/// its handlers await.
/// </summary>
internal sealed class ActorThreadSynchronizationContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _work = [];

    /// <summary>Starts a background thread named <paramref name="threadName"/> that runs <paramref name="loop"/> to completion.</summary>
    public static void Start(string threadName, Func<Task> loop)
    {
        var context = new ActorThreadSynchronizationContext();
        var thread = new Thread(() => context.Pump(loop))
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            if (_work.TryAdd((d, state)))
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            // The loop is over and the thread gone; a straggling continuation still has to run somewhere.
        }

        ThreadPool.UnsafeQueueUserWorkItem(static item => item.Callback(item.State), (Callback: d, State: state), preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("An actor thread runs its own work; synchronous sends to it would deadlock.");

    public override SynchronizationContext CreateCopy() => this;

    private void Pump(Func<Task> loop)
    {
        SetSynchronizationContext(this);
        var completion = loop();
        completion.ContinueWith(
            static (_, work) => ((BlockingCollection<(SendOrPostCallback, object?)>)work!).CompleteAdding(),
            _work,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        foreach (var (callback, state) in _work.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
