using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

/// <summary>Scopes: groups of actors of one system that stop and fail on their own (a sweep's trials).</summary>
public sealed class ScopeTests
{
    [Fact]
    public async Task A_scope_prefixes_its_actor_names_and_lists_only_its_own_actors()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        system.Spawn("shared", () => new ScriptActor(probe));
        var trial = system.CreateScope("trial-3");
        var replay = trial.Spawn("replay", () => new ScriptActor(probe));

        Assert.Equal("trial-3/replay", replay.Name);
        Assert.Equal(["trial-3/replay"], trial.GetStatuses().Select(s => s.Name));
        Assert.Equal(["shared", "trial-3/replay"], system.GetStatuses().Select(s => s.Name));
        Assert.NotNull(system.GetStatus("trial-3/replay"));

        // The same short name in another scope is another actor.
        var other = system.CreateScope("trial-4").Spawn("replay", () => new ScriptActor(probe));
        Assert.Equal("trial-4/replay", other.Name);
        Assert.Throws<InvalidOperationException>(() => system.CreateScope("trial-3"));
        Assert.Throws<ArgumentException>(() => system.CreateScope("a/b"));
    }

    [Fact]
    public async Task The_system_refuses_new_actors_as_soon_as_its_stop_is_asked_for_even_while_scopes_still_drain()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var busy = system.CreateScope("trial-1").Spawn("env", () => new ScriptActor(probe, reportStop: true));
        var gate = new Gate();
        busy.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);

        var stopping = system.StopAsync(TestSystems.Patience);

        // The scope is still draining (its actor is blocked), so the root's own stop has not begun yet.
        var refused = Assert.Throws<InvalidOperationException>(() => system.Spawn("late", () => new ScriptActor(probe)));
        Assert.Contains("is stopping", refused.Message, StringComparison.Ordinal);
        gate.Open();
        await stopping.WaitAsync(TestSystems.Patience);
    }

    [Fact]
    public async Task Stopping_a_scope_drains_its_actors_in_reverse_spawn_order_and_leaves_the_rest_running()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var outsider = system.Spawn("outsider", () => new ScriptActor(probe, reportStop: true));
        var neighbour = system.CreateScope("trial-1").Spawn("learner", () => new ScriptActor(probe, reportStop: true));
        var trial = system.CreateScope("trial-2");
        var gate = new Gate();
        var first = trial.Spawn("coordinator", () => new ScriptActor(probe, reportStop: true));
        var last = trial.Spawn("env", () => new ScriptActor(probe, reportStop: true));
        last.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        last.Tell(new Item(7));

        var stopping = trial.StopAsync(TestSystems.Patience);
        gate.Open();

        // Queued messages are still handled (draining), then the actors stop newest first.
        Assert.Equal(new Tagged(1, 7), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Stopped("trial-2/env"), await probe.ExpectMsgAsync<Stopped>());
        Assert.Equal(new Stopped("trial-2/coordinator"), await probe.ExpectMsgAsync<Stopped>());
        await stopping.WaitAsync(TestSystems.Patience);
        await trial.Completion.WaitAsync(TestSystems.Patience);
        Assert.False(first.Tell(new Item(1)));
        Assert.Empty(trial.GetStatuses());

        // Everyone else still works.
        Assert.False(system.IsStopping);
        Assert.True(outsider.Tell(new Item(2)));
        Assert.True(neighbour.Tell(new Item(3)));
        var replies = new[] { await probe.ExpectMsgAsync<Tagged>(), await probe.ExpectMsgAsync<Tagged>() };
        Assert.Equal([2, 3], replies.Select(r => r.Value).Order());

        // A stopped scope gives its name back and cannot spawn any more.
        Assert.Throws<InvalidOperationException>(() => trial.Spawn("late", () => new ScriptActor(probe)));
        Assert.Equal("trial-2/replay", system.CreateScope("trial-2").Spawn("replay", () => new ScriptActor(probe)).Name);
    }

    [Fact]
    public async Task An_escalation_inside_a_scope_fails_that_scope_only()
    {
        var probe = new TestProbe<object>();
        var log = new RecordingActorLog();
        var system = TestSystems.Create(log);
        var healthy = system.CreateScope("trial-1");
        var healthyActor = healthy.Spawn("learner", () => new ScriptActor(probe, reportStop: true));
        var failing = system.CreateScope("trial-2");
        failing.Spawn("replay", () => new ScriptActor(probe, reportStop: true));
        var learner = failing.Spawn("learner", () => new ScriptActor(probe), new ActorOptions { Supervision = SupervisionOptions.EscalateImmediately });

        learner.Tell(new Boom("loss became NaN"));

        var escalation = await Assert.ThrowsAsync<ActorEscalationException>(() => failing.Completion.WaitAsync(TestSystems.Patience));
        Assert.Equal("trial-2/learner", escalation.ActorName);
        Assert.Equal("loss became NaN", escalation.InnerException!.Message);
        Assert.Equal(new Stopped("trial-2/replay"), await probe.ExpectMsgAsync<Stopped>());

        Assert.False(system.IsStopping);
        Assert.False(system.Completion.IsCompleted);
        Assert.False(healthy.Completion.IsCompleted);
        Assert.True(healthyActor.Tell(new Item(5)));
        Assert.Equal(new Tagged(1, 5), await probe.ExpectMsgAsync<Tagged>());

        // The system's own stop then stops the remaining scope and completes without a fault.
        await system.StopAsync(TestSystems.Patience);
        await system.Completion.WaitAsync(TestSystems.Patience);
        Assert.Equal(new Stopped("trial-1/learner"), await probe.ExpectMsgAsync<Stopped>());
        await healthy.Completion.WaitAsync(TestSystems.Patience);
    }

    [Fact]
    public async Task The_root_scope_is_the_system_itself()
    {
        var probe = new TestProbe<object>();
        var system = TestSystems.Create();
        var trial = system.CreateScope("trial-1");
        trial.Spawn("env", () => new ScriptActor(probe, reportStop: true));
        var root = system.Root;
        var actor = root.Spawn("coordinator", () => new ScriptActor(probe), new ActorOptions { Supervision = SupervisionOptions.EscalateImmediately });
        Assert.True(root.IsRoot);
        Assert.Equal("coordinator", actor.Name);

        // An escalation in the root stops the whole system, scopes first, as an escalation always did.
        actor.Tell(new Boom("broken"));
        await Assert.ThrowsAsync<ActorEscalationException>(() => system.Completion.WaitAsync(TestSystems.Patience));
        Assert.True(system.IsStopping);
        await trial.Completion.WaitAsync(TestSystems.Patience);
        Assert.Equal(new Stopped("trial-1/env"), await probe.ExpectMsgAsync<Stopped>());
    }

    [Fact]
    public async Task Dead_letters_count_per_scope_and_in_the_system_total()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var trial = system.CreateScope("trial-1");
        var actor = trial.Spawn("env", () => new ScriptActor(probe));
        await trial.StopAsync(TestSystems.Patience);

        Assert.False(actor.Tell(new Item(1)));
        Assert.False(actor.Tell(new Item(2)));

        Assert.Equal(2, trial.DeadLetters);
        Assert.Equal(2, system.DeadLetters);
    }
}
