using FsCheck;
using FsCheck.Fluent;
using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class MailboxTests
{
    [Fact]
    public void Messages_are_handled_in_the_order_they_were_told_whatever_the_capacity()
    {
        var property = Prop.ForAll(
            ArbMap.Default.ArbFor<int[]>(),
            Arb.From(Gen.Choose(1, 8)),
            async (values, capacity) =>
            {
                var probe = new TestProbe<object>();
                await using var system = TestSystems.Create();
                var actor = system.Spawn("ordered", () => new ScriptActor(probe), new ActorOptions { MailboxCapacity = capacity });
                foreach (var value in values)
                {
                    Assert.True(await actor.TellAsync(new Item(value)));
                }

                foreach (var value in values)
                {
                    Assert.Equal(new Tagged(1, value), await probe.ExpectMsgAsync<Tagged>());
                }
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50), property);
    }

    [Theory]
    [InlineData(ActorExecution.ThreadPool)]
    [InlineData(ActorExecution.DedicatedThread)]
    public async Task An_actor_handles_one_message_at_a_time_even_with_many_senders(ActorExecution execution)
    {
        var tracker = new ConcurrencyTracker();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("single", () => new ConcurrencyProbeActor(tracker), new ActorOptions { MailboxCapacity = 8, Execution = execution });

        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await actor.TellAsync(i);
            }
        }));
        await Task.WhenAll(senders).WaitAsync(TestSystems.Patience);
        await system.StopAsync(TestSystems.Patience);

        Assert.Equal(800, tracker.Handled);
        Assert.Equal(1, tracker.MaxInFlight);
    }

    [Fact]
    public async Task TellAsync_waits_while_a_Wait_mailbox_is_full_and_completes_once_the_actor_consumes()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("slow", () => new ScriptActor(probe), new ActorOptions { MailboxCapacity = 2 });
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        Assert.True(await actor.TellAsync(new Item(1)));
        Assert.True(await actor.TellAsync(new Item(2)));

        var third = actor.TellAsync(new Item(3)).AsTask();
        await Task.WhenAny(third, Task.Delay(100));
        Assert.False(third.IsCompleted, "TellAsync completed although the mailbox was full and the actor blocked");

        gate.Open();
        Assert.True(await third.WaitAsync(TestSystems.Patience));
        Assert.Equal(new Tagged(1, 1), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Tagged(1, 2), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Tagged(1, 3), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(0, system.DeadLetters);
    }

    [Fact]
    public async Task Tell_refuses_a_message_when_a_Wait_mailbox_is_full_and_counts_a_dead_letter()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        var log = new RecordingActorLog();
        await using var system = TestSystems.Create(log);
        var actor = system.Spawn("full", () => new ScriptActor(probe), new ActorOptions { MailboxCapacity = 1 });
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);

        Assert.True(actor.Tell(new Item(1)));
        Assert.False(actor.Tell(new Item(2)));

        Assert.Equal(1, system.DeadLetters);
        Assert.Equal(1, system.GetStatus("full")!.DeadLetters);
        Assert.Contains(log.Entries, e => e.Level == ActorLogLevel.Warning && e.Message.Contains("Item to actor 'full' (MailboxFull)", StringComparison.Ordinal));
        gate.Open();
        Assert.Equal(new Tagged(1, 1), await probe.ExpectMsgAsync<Tagged>());
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_DropOldest_mailbox_keeps_the_newest_messages_and_counts_the_evicted_ones()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        await using var system = TestSystems.Create();
        var actor = system.Spawn(
            "weights",
            () => new ScriptActor(probe),
            new ActorOptions { MailboxCapacity = 2, FullMode = MailboxFullMode.DropOldest });
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);

        for (var value = 1; value <= 5; value++)
        {
            Assert.True(actor.Tell(new Item(value)));
        }

        var status = system.GetStatus("weights")!;
        Assert.Equal(2, status.MailboxDepth);
        Assert.Equal(3, status.DeadLetters);
        Assert.Equal(3, system.DeadLetters);

        gate.Open();
        Assert.Equal(new Tagged(1, 4), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Tagged(1, 5), await probe.ExpectMsgAsync<Tagged>());
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private sealed class ConcurrencyTracker
    {
        private int _inFlight;
        private int _maxInFlight;
        private int _handled;

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public int Handled => Volatile.Read(ref _handled);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }
        }

        public void Leave()
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _handled);
        }
    }

    /// <summary>Yields inside every handler, giving a second message every chance to overlap if the runtime allowed it.</summary>
    private sealed class ConcurrencyProbeActor(ConcurrencyTracker tracker) : Actor<int>
    {
        public override async ValueTask ReceiveAsync(int message)
        {
            tracker.Enter();
            await Task.Yield();
            tracker.Leave();
        }
    }
}
