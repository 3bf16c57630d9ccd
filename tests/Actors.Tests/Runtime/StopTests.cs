using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class StopTests
{
    [Fact]
    public async Task A_graceful_stop_handles_the_queued_messages_then_runs_PostStop_and_completes()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        var system = TestSystems.Create();
        var actor = system.Spawn("drained", () => new ScriptActor(probe, reportStop: true));
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        for (var value = 1; value <= 5; value++)
        {
            actor.Tell(new Item(value));
        }

        var stopping = system.StopAsync(TestSystems.Patience);
        gate.Open();

        for (var value = 1; value <= 5; value++)
        {
            Assert.Equal(new Tagged(1, value), await probe.ExpectMsgAsync<Tagged>());
        }

        Assert.Equal(new Stopped("drained"), await probe.ExpectMsgAsync<Stopped>());
        await stopping.WaitAsync(TestSystems.Patience);
        await system.Completion.WaitAsync(TestSystems.Patience);
        Assert.Same(stopping, system.StopAsync(TestSystems.Patience));
        Assert.Empty(system.GetStatuses());
        Assert.Equal(0, system.DeadLetters);
    }

    [Fact]
    public async Task The_system_stops_its_actors_in_reverse_spawn_order()
    {
        var probe = new TestProbe<object>();
        var system = TestSystems.Create();
        foreach (var name in new[] { "coordinator", "replay", "env" })
        {
            system.Spawn(name, () => new ScriptActor(probe, reportStop: true));
        }

        await system.StopAsync(TestSystems.Patience);

        Assert.Equal(new Stopped("env"), await probe.ExpectMsgAsync<Stopped>());
        Assert.Equal(new Stopped("replay"), await probe.ExpectMsgAsync<Stopped>());
        Assert.Equal(new Stopped("coordinator"), await probe.ExpectMsgAsync<Stopped>());
    }

    [Fact]
    public async Task An_actor_that_stops_itself_still_handles_what_was_queued_before()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("quitter", () => new ScriptActor(probe, reportStop: true));
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        actor.Tell(new Command(context => context.Stop()));
        actor.Tell(new Item(1));

        gate.Open();

        await probe.ExpectMsgAsync<Done>();
        Assert.Equal(new Tagged(1, 1), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Stopped("quitter"), await probe.ExpectMsgAsync<Stopped>());
        Assert.False(actor.Tell(new Item(2)));
        Assert.False(system.Completion.IsCompleted);
    }

    [Fact]
    public async Task Messages_told_to_a_stopped_actor_are_counted_as_dead_letters_and_logged_rate_limited()
    {
        var log = new RecordingActorLog();
        await using var system = TestSystems.Create(log, deadLetterLogEvery: 10);
        var actor = system.Spawn("gone", () => new ScriptActor(new TestProbe<object>()));
        Assert.True(await system.StopAsync(actor, TestSystems.Patience));

        for (var value = 0; value < 24; value++)
        {
            Assert.False(actor.Tell(new Item(value)));
        }

        Assert.False(await actor.TellAsync(new Item(24)));

        Assert.Equal(25, system.DeadLetters);
        var logged = log.Entries.Where(e => e.Message.Contains("Item to actor 'gone' (ActorStopped)", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, logged.Count);
        Assert.StartsWith("dead letter #1 ", logged[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("dead letter #10 ", logged[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("dead letter #20 ", logged[2].Message, StringComparison.Ordinal);

        // The actor was stopped on purpose: messages still arriving (replies on their way) are expected, so
        // they are counted but logged below the default level, not as news on every run's stop.
        Assert.All(logged, entry => Assert.Equal(ActorLogLevel.Debug, entry.Level));
    }

    [Fact]
    public async Task A_stop_that_times_out_aborts_the_actor_and_dead_letters_its_queue()
    {
        var probe = new TestProbe<object>();
        var gate = new Gate();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("stuck", () => new ScriptActor(probe, reportStop: true));
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        actor.Tell(new Item(1));
        actor.Tell(new Item(2));

        Assert.False(await system.StopAsync(actor, TimeSpan.FromMilliseconds(50)));
        gate.Open();

        Assert.Equal(new Stopped("stuck"), await probe.ExpectMsgAsync<Stopped>());
        Assert.Equal(2, system.DeadLetters);
    }

    [Fact]
    public async Task A_waiting_sender_is_released_with_false_when_the_actor_stops()
    {
        var gate = new Gate();
        await using var system = TestSystems.Create();
        var actor = system.Spawn("closing", () => new ScriptActor(new TestProbe<object>()), new ActorOptions { MailboxCapacity = 1 });
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        actor.Tell(new Item(1));
        var waiting = actor.TellAsync(new Item(2)).AsTask();

        var stopping = system.StopAsync(actor, TestSystems.Patience);

        Assert.False(await waiting.WaitAsync(TestSystems.Patience));
        gate.Open();
        Assert.True(await stopping);
    }

    [Fact]
    public async Task Names_are_unique_among_running_actors_and_free_again_once_stopped()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var first = system.Spawn("env-0", () => new ScriptActor(probe));

        var duplicate = Assert.Throws<InvalidOperationException>(() => system.Spawn("env-0", () => new ScriptActor(probe)));
        Assert.Contains("'env-0'", duplicate.Message, StringComparison.Ordinal);

        Assert.True(await system.StopAsync(first, TestSystems.Patience));
        var second = system.Spawn("env-0", () => new ScriptActor(probe, instance: 2));
        second.Tell(new Item(1));
        Assert.Equal(new Tagged(2, 1), await probe.ExpectMsgAsync<Tagged>());
        Assert.False(first.Tell(new Item(2)));
    }

    [Fact]
    public async Task Spawning_on_a_stopped_system_is_refused()
    {
        var system = TestSystems.Create();
        await system.StopAsync(TestSystems.Patience);

        Assert.Throws<InvalidOperationException>(() => system.Spawn("late", () => new ScriptActor(new TestProbe<object>())));
    }
}
