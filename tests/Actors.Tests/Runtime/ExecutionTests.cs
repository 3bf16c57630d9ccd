using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class ExecutionTests
{
    [Fact]
    public async Task A_dedicated_thread_actor_runs_every_message_and_every_continuation_on_its_own_thread()
    {
        var probe = new TestProbe<ThreadSeen>();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("cpu-bound", () => new ThreadReporter(probe), new ActorOptions { Execution = ActorExecution.DedicatedThread });

        for (var i = 0; i < 3; i++)
        {
            actor.Tell(i);
        }

        var seen = new List<ThreadSeen>();
        for (var i = 0; i < 6; i++)
        {
            seen.Add(await probe.ExpectMsgAsync<ThreadSeen>());
        }

        Assert.Single(seen.Select(s => s.ThreadId).Distinct());
        Assert.All(seen, s => Assert.False(s.IsThreadPoolThread));
        Assert.All(seen, s => Assert.Equal("actor cpu-bound", s.ThreadName));
    }

    [Fact]
    public async Task A_thread_pool_actor_runs_on_the_thread_pool()
    {
        var probe = new TestProbe<ThreadSeen>();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("pooled", () => new ThreadReporter(probe));

        actor.Tell(0);

        Assert.True((await probe.ExpectMsgAsync<ThreadSeen>()).IsThreadPoolThread);
        Assert.True((await probe.ExpectMsgAsync<ThreadSeen>()).IsThreadPoolThread);
    }

    [Fact]
    public async Task A_cpu_bound_self_sent_work_loop_lets_control_messages_through_and_ends_with_the_stop()
    {
        var probe = new TestProbe<object>();
        var system = TestSystems.Create();
        var env = system.Spawn<object>(
            "env-0",
            context => new SteppingActor(context, probe),
            new ActorOptions { Execution = ActorExecution.DedicatedThread, MailboxCapacity = 8 });
        await probe.ExpectMsgAsync<Stepping>();

        env.Tell(new NewWeights(1));
        var first = await probe.ExpectMsgAsync<WeightsSwapped>();
        env.Tell(new NewWeights(2));
        var second = await probe.ExpectMsgAsync<WeightsSwapped>();

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.True(second.StepsSoFar > first.StepsSoFar, "the work loop did not run between the two control messages");
        await system.StopAsync(TestSystems.Patience).WaitAsync(TestSystems.Patience);
        await system.Completion.WaitAsync(TestSystems.Patience);
    }

    private sealed record ThreadSeen(int ThreadId, bool IsThreadPoolThread, string? ThreadName);

    /// <summary>Reports its thread before and after awaits that would normally move it to the thread pool.</summary>
    private sealed class ThreadReporter(TestProbe<ThreadSeen> probe) : Actor<int>
    {
        public override async ValueTask ReceiveAsync(int message)
        {
            Report();
            await Task.Delay(1);
            await Task.Yield();
            Report();
        }

        private void Report()
        {
            var thread = Thread.CurrentThread;
            probe.Tell(new ThreadSeen(thread.ManagedThreadId, thread.IsThreadPoolThread, thread.Name));
        }
    }

    private sealed record StepSome;

    private sealed record NewWeights(int Version);

    private sealed record Stepping;

    private sealed record WeightsSwapped(int Version, long StepsSoFar);

    /// <summary>The environment-actor pattern: work in slices, one self-sent StepSome at a time, control messages in between.</summary>
    private sealed class SteppingActor(IActorContext<object> context, TestProbe<object> probe) : Actor<object>
    {
        private static readonly StepSome Step = new();
        private long _steps;

        public override ValueTask PreStartAsync()
        {
            context.Self.Tell(Step);
            probe.Tell(new Stepping());
            return ValueTask.CompletedTask;
        }

        public override ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case StepSome:
                    Thread.SpinWait(10_000);
                    _steps++;
                    if (!context.StopRequested.IsCancellationRequested)
                    {
                        context.Self.Tell(Step);
                    }

                    break;
                case NewWeights weights:
                    probe.Tell(new WeightsSwapped(weights.Version, _steps));
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }
}
