using Akka.Actor;
using Flock.Actors.Run;
using Flock.Actors.Tests.Support;

namespace Flock.Actors.Tests.Run;

/// <summary>A run's parent actor: restarts only the role that failed, within its budget, and fails the run past it.</summary>
public sealed class RunActorTests : FlockTestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Throws on "boom"; answers "who" with the instance number (one per start).</summary>
    private sealed class Flaky : UntypedActor
    {
        private readonly int _instance;

        public Flaky(StrongBoxCounter starts) => _instance = starts.Next();

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "boom":
                    throw new InvalidOperationException("injected failure");
                case "who":
                    Sender.Tell(_instance);
                    break;
            }
        }
    }

    public sealed class StrongBoxCounter
    {
        private int _value;

        public int Next() => Interlocked.Increment(ref _value);
    }

    [Fact]
    public async Task A_failing_role_is_restarted_alone_and_the_others_keep_their_state()
    {
        var run = RunActors.Start(Sys, "run", ownsSystem: true);
        var (flakyStarts, steadyStarts) = (new StrongBoxCounter(), new StrongBoxCounter());
        var flaky = await run.SpawnAsync("env-0", "env", Props.Create(() => new Flaky(flakyStarts)), new RoleSupervision(3, TimeSpan.FromMinutes(1)));
        var steady = await run.SpawnAsync("learner", "learner", Props.Create(() => new Flaky(steadyStarts)), RoleSupervision.StopsTheRun);

        await EventFilter.Warning(contains: "restart #1").ExpectOneAsync(() =>
        {
            flaky.Tell("boom");
            return Task.CompletedTask;
        });

        Assert.Equal(2, await flaky.Ask<int>("who", Patience));
        Assert.Equal(1, await steady.Ask<int>("who", Patience));
        Assert.Equal(1, run.Restarts);
        Assert.False(run.Failure.IsCompleted);
    }

    [Fact]
    public async Task A_role_past_its_restart_budget_fails_the_run_with_its_name_and_cause()
    {
        var run = RunActors.Start(Sys, "run", ownsSystem: true);
        var flaky = await run.SpawnAsync("env-0", "env", Props.Create(() => new Flaky(new StrongBoxCounter())), new RoleSupervision(2, TimeSpan.FromMinutes(1)));
        Watch(flaky);
        for (var i = 0; i < 3; i++)
        {
            flaky.Tell("boom");
        }

        var failure = await run.Failure.WaitAsync(Patience);
        Assert.Equal("env-0 failed: injected failure", failure.Message);
        Assert.Equal(2, failure.Restarts);
        await ExpectTerminatedAsync(flaky);
    }

    [Fact]
    public async Task A_role_that_may_not_restart_fails_the_run_at_once_and_only_that_run()
    {
        var trial = RunActors.Start(Sys, "trial-1", ownsSystem: false);
        var neighbour = RunActors.Start(Sys, "trial-2", ownsSystem: false);
        var learner = await trial.SpawnAsync("learner", "learner", Props.Create(() => new Flaky(new StrongBoxCounter())), RoleSupervision.StopsTheRun);
        var other = await neighbour.SpawnAsync("learner", "learner", Props.Create(() => new Flaky(new StrongBoxCounter())), RoleSupervision.StopsTheRun);

        learner.Tell("boom");
        var failure = await trial.Failure.WaitAsync(Patience);
        Assert.Equal("trial-1/learner failed: injected failure", failure.Message);
        await trial.StopAllAsync(Patience);

        Assert.False(neighbour.Failure.IsCompleted);
        Assert.Equal(1, await other.Ask<int>("who", Patience));
    }

    [Fact]
    public async Task Stopping_a_run_stops_exactly_its_actors_and_is_no_failure()
    {
        var trial = RunActors.Start(Sys, "trial-1", ownsSystem: false);
        var neighbour = RunActors.Start(Sys, "trial-2", ownsSystem: false);
        var mine = await trial.SpawnAsync("env-0", "env", Props.Create(() => new Flaky(new StrongBoxCounter())), RoleSupervision.Default);
        var theirs = await neighbour.SpawnAsync("env-0", "env", Props.Create(() => new Flaky(new StrongBoxCounter())), RoleSupervision.Default);
        Watch(mine);

        await trial.StopAllAsync(Patience);

        await ExpectTerminatedAsync(mine);
        Assert.False(trial.Failure.IsCompleted);
        Assert.Equal(1, await theirs.Ask<int>("who", Patience));
    }
}
