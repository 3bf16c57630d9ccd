using System.Collections.Concurrent;
using Akka.Configuration;
using Akka.Dispatch;

namespace Flock.Actors.Hosting;

/// <summary>
/// An Akka.NET executor of one thread of its own that, when it runs out of work, waits in the kernel at
/// once instead of spinning. Named as the <c>executor</c> of <see cref="FlockActorSystem.DedicatedDispatcher"/>
/// (a <c>PinnedDispatcher</c>, so each actor gets its own executor and thread).
/// </summary>
/// <remarks>
/// Why not Akka's own <c>dedicated-thread-pool</c>: its idle threads spin first, a hundred
/// <c>Thread.Sleep(0)</c> calls, before they block. While other processes keep the cores busy, a thread that
/// yields stays runnable and waits out their time slices (milliseconds each) instead of being woken at once
/// when a message comes, so every hand-off between an environment actor and the replay (batch, then
/// acknowledgement) costs milliseconds, and the actors, who may only be a few batches ahead, stall: the
/// collector fell far more than its share of the CPU with two <c>yes</c> competitors. A thread that blocks is
/// woken by the kernel with priority over the busy competitors. See README, "Dispatchers".
/// </remarks>
public sealed class WaitingThreadExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites) : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new WaitingThreadExecutor(id);
}

/// <summary>One thread running what the dispatcher hands it, in order; see <see cref="WaitingThreadExecutorConfigurator"/>.</summary>
public sealed class WaitingThreadExecutor : ExecutorService
{
    private readonly ConcurrentQueue<IRunnable> _work = new();

    // No spinning: Wait goes straight to the kernel (spinCount 0).
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private volatile bool _shutdown;

    public WaitingThreadExecutor(string id)
        : base(id)
    {
        var thread = new Thread(Run) { IsBackground = true, Name = id };
        thread.Start();
    }

    public override void Execute(IRunnable run)
    {
        _work.Enqueue(run);
        _wake.Set();
    }

    public override void Shutdown()
    {
        _shutdown = true;
        _wake.Set();
    }

    private void Run()
    {
        while (true)
        {
            while (_work.TryDequeue(out var run))
            {
                run.Run();
            }

            if (_shutdown)
            {
                _wake.Dispose();
                return;
            }

            // Reset before the last look: work enqueued after the look sets the event again, so Wait returns.
            _wake.Reset();
            if (_work.IsEmpty && !_shutdown)
            {
                _wake.Wait();
            }
        }
    }
}
