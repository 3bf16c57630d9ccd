using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class SupervisionTests
{
    [Fact]
    public async Task A_failing_actor_is_restarted_as_a_fresh_instance_that_handles_the_later_messages()
    {
        var probe = new TestProbe<object>();
        var log = new RecordingActorLog();
        await using var system = TestSystems.Create(log);
        var instances = 0;
        var actor = system.Spawn(
            "flaky",
            () => new ScriptActor(probe, Interlocked.Increment(ref instances)),
            new ActorOptions { Supervision = TestSystems.RestartAtOnce() });

        actor.Tell(new Item(1));
        actor.Tell(new Boom("first failure"));
        actor.Tell(new Item(2));
        actor.Tell(new Item(3));

        Assert.Equal(new Tagged(1, 1), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Tagged(2, 2), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(new Tagged(2, 3), await probe.ExpectMsgAsync<Tagged>());
        var status = system.GetStatus("flaky")!;
        Assert.Equal(1, status.Restarts);
        Assert.Equal("first failure", status.LastFailure?.Message);
        Assert.Contains(log.Entries, e => e.Source == "flaky" && e.Level == ActorLogLevel.Error && e.Message.Contains(nameof(Boom), StringComparison.Ordinal));
        Assert.False(system.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_failure_in_PreStart_restarts_the_actor_before_its_first_message()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var instances = 0;
        var actor = system.Spawn(
            "late-starter",
            () =>
            {
                var instance = Interlocked.Increment(ref instances);
                return new ScriptActor(probe, instance, onStart: _ =>
                {
                    if (instance == 1)
                    {
                        throw new IOException("device not ready");
                    }
                });
            },
            new ActorOptions { Supervision = TestSystems.RestartAtOnce() });

        actor.Tell(new Item(7));

        Assert.Equal(new Tagged(2, 7), await probe.ExpectMsgAsync<Tagged>());
        Assert.Equal(1, system.GetStatus("late-starter")!.Restarts);
    }

    [Fact]
    public async Task Exceeding_the_restart_budget_escalates_faulting_Completion_with_the_actor_name_and_stopping_the_system()
    {
        var probe = new TestProbe<object>();
        var log = new RecordingActorLog();
        var system = TestSystems.Create(log);
        await using var _ = system;
        system.Spawn("bystander", () => new ScriptActor(probe, reportStop: true));
        var flaky = system.Spawn("flaky", () => new ScriptActor(probe), new ActorOptions { Supervision = TestSystems.RestartAtOnce(maxRestarts: 2) });

        flaky.Tell(new Boom("boom 1"));
        flaky.Tell(new Boom("boom 2"));
        flaky.Tell(new Boom("boom 3"));
        flaky.Tell(new Item(4));

        var escalation = await Assert.ThrowsAsync<ActorEscalationException>(() => system.Completion.WaitAsync(TestSystems.Patience));
        Assert.Equal("flaky", escalation.ActorName);
        Assert.Equal(2, escalation.Restarts);
        Assert.Equal("boom 3", escalation.InnerException?.Message);
        Assert.Contains("'flaky'", escalation.Message, StringComparison.Ordinal);
        Assert.Contains(log.Entries, e => e.Level == ActorLogLevel.Error && e.Source == system.Name && e.Message.Contains("'flaky' escalated", StringComparison.Ordinal));
        Assert.Equal(new Stopped("bystander"), await probe.ExpectMsgAsync<Stopped>());
        Assert.Equal(1, system.DeadLetters);
        Assert.Throws<InvalidOperationException>(() => system.Spawn("late", () => new ScriptActor(probe)));
    }

    [Fact]
    public async Task An_escalate_immediately_actor_stops_the_system_at_its_first_failure()
    {
        var probe = new TestProbe<object>();
        var system = TestSystems.Create();
        await using var _ = system;
        var learner = system.Spawn(
            "learner",
            () => new ScriptActor(probe, reportStop: true),
            new ActorOptions { Supervision = SupervisionOptions.EscalateImmediately });

        learner.Tell(new Boom("NaN loss"));

        var escalation = await Assert.ThrowsAsync<ActorEscalationException>(() => system.Completion.WaitAsync(TestSystems.Patience));
        Assert.Equal("learner", escalation.ActorName);
        Assert.Equal(0, escalation.Restarts);
        Assert.Equal(new Stopped("learner"), await probe.ExpectMsgAsync<Stopped>());
    }

    [Fact]
    public async Task A_handler_that_gives_up_for_a_stop_is_not_a_failure()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var system = TestSystems.Create();
        var trainer = system.Spawn<object>(
            "trainer",
            context => new TrainUntilStoppedActor(context, started),
            new ActorOptions { Supervision = SupervisionOptions.EscalateImmediately });
        trainer.Tell("train");
        await started.Task.WaitAsync(TestSystems.Patience);

        await system.StopAsync(TestSystems.Patience).WaitAsync(TestSystems.Patience);

        await system.Completion.WaitAsync(TestSystems.Patience);
    }

    /// <summary>Like the learner: one message starts a loop that runs until the actor is asked to stop.</summary>
    private sealed class TrainUntilStoppedActor(IActorContext<object> context, TaskCompletionSource started) : Actor<object>
    {
        public override async ValueTask ReceiveAsync(object message)
        {
            started.TrySetResult();
            while (true)
            {
                await Task.Delay(5, context.StopRequested);
            }
        }
    }
}
