using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class TimerTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_periodic_timer_ticks_repeatedly_until_cancelled()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var actor = system.Spawn(
            "ticker",
            () => new ScriptActor(probe, onStart: context => context.Timers.StartPeriodic("tick", new Tick("tick"), TimeSpan.FromMilliseconds(20))));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(new Tick("tick"), await probe.ExpectMsgAsync<Tick>());
        }

        actor.Tell(new Command(context => Assert.True(context.Timers.Cancel("tick"))));
        await ExpectDoneAfterTicksAsync(probe);
        await probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_single_timer_ticks_once_and_is_then_no_longer_active()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var actor = system.Spawn(
            "once",
            () => new ScriptActor(probe, onStart: context => context.Timers.StartSingle("once", new Tick("once"), TimeSpan.FromMilliseconds(20))));

        Assert.Equal(new Tick("once"), await probe.ExpectMsgAsync<Tick>());
        await probe.ExpectNoMsgAsync(Quiet);
        actor.Tell(new Command(context => Assert.False(context.Timers.IsActive("once"))));
        await probe.ExpectMsgAsync<Done>();
    }

    [Fact]
    public async Task A_cancelled_single_timer_never_ticks()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        system.Spawn("never", () => new ScriptActor(probe, onStart: context =>
        {
            context.Timers.StartSingle("never", new Tick("never"), TimeSpan.FromMilliseconds(30));
            Assert.True(context.Timers.Cancel("never"));
            Assert.False(context.Timers.IsActive("never"));
        }));

        await probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_tick_already_queued_when_its_timer_is_cancelled_is_not_delivered()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("late-cancel", () => new ScriptActor(probe));

        actor.Tell(new Command(context =>
        {
            context.Timers.StartSingle("stale", new Tick("stale"), TimeSpan.FromMilliseconds(1));
            Assert.True(SpinWait.SpinUntil(() => context.System.GetStatus(context.Name)!.MailboxDepth == 1, TestSystems.Patience));
            context.Timers.Cancel("stale");
        }));

        await probe.ExpectMsgAsync<Done>();
        await probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Restarting_a_key_replaces_its_timer()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        system.Spawn("replaced", () => new ScriptActor(probe, onStart: context =>
        {
            context.Timers.StartSingle("key", new Tick("first"), TimeSpan.FromMilliseconds(10));
            context.Timers.StartSingle("key", new Tick("second"), TimeSpan.FromMilliseconds(30));
        }));

        Assert.Equal(new Tick("second"), await probe.ExpectMsgAsync<Tick>());
        await probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_restarts()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var instances = 0;
        var actor = system.Spawn(
            "restarted",
            () =>
            {
                var instance = Interlocked.Increment(ref instances);
                return new ScriptActor(probe, instance, onStart: context =>
                {
                    if (instance == 1)
                    {
                        context.Timers.StartPeriodic("tick", new Tick("tick"), TimeSpan.FromMilliseconds(10));
                    }
                });
            },
            new ActorOptions { Supervision = TestSystems.RestartAtOnce() });
        await probe.ExpectMsgAsync<Tick>();

        actor.Tell(new Boom("restart"));
        actor.Tell(new Command(context => Assert.False(context.Timers.IsActive("tick"))));

        await ExpectDoneAfterTicksAsync(probe);
        await probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_tick_that_finds_a_full_Wait_mailbox_is_dropped_as_a_dead_letter_without_stopping_the_timer()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        var log = new RecordingActorLog();
        await using var system = TestSystems.Create(log);
        var actor = system.Spawn(
            "busy",
            () => new ScriptActor(probe, onStart: context => context.Timers.StartPeriodic("flood", new Tick("flood"), TimeSpan.FromMilliseconds(5))),
            new ActorOptions { MailboxCapacity = 1 });
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);

        Assert.True(SpinWait.SpinUntil(() => system.DeadLetters >= 3, TestSystems.Patience));
        gate.Open();

        Assert.Equal(new Tick("flood"), await probe.ExpectMsgAsync<Tick>());
        Assert.Equal(new Tick("flood"), await probe.ExpectMsgAsync<Tick>());
        Assert.Contains(log.Entries, e => e.Message.Contains("Tick to actor 'busy' (TimerTickDropped)", StringComparison.Ordinal));
    }

    private static async Task ExpectDoneAfterTicksAsync(TestProbe<object> probe)
    {
        // Ticks sent before the command was handled may still be on their way; Done must come, and nothing after it.
        object received;
        while ((received = await probe.ExpectMsgAsync<object>()) is not Done)
        {
            Assert.IsType<Tick>(received);
        }
    }

    private sealed record Tick(string Key);
}
