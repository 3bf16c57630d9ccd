using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Actors.Sweep;

namespace Flock.Actors.Tests.Sweep;

public sealed class TrialWatchTests
{
    private static RunMetrics Row(long envSteps, double evalMean) => new() { EnvSteps = envSteps, EvalMeanReturn100 = evalMean };

    /// <summary>A run's budget held where the watch says, stepped by one actor of 4 envs until it is refused.</summary>
    private static EnvStepBudget HeldBudget(TrialWatch watch, long steps, Action spent)
    {
        var budget = new EnvStepBudget(steps, spent);
        var hold = watch.FirstHold!;
        budget.HoldAt(hold.At, hold.Held);
        return budget;
    }

    private static long StepUntilRefused(EnvStepBudget budget)
    {
        var taken = 0L;
        while (budget.TryClaim(4))
        {
            taken += 4;
            budget.Taken(4);
        }

        return taken;
    }

    [Fact]
    public void The_actors_wait_at_each_rung_the_next_row_decides_and_a_trial_that_goes_on_is_released_to_the_next()
    {
        var halving = new SuccessiveHalving(1_000, 2, 250);   // rungs 250, 500
        using var stop = new CancellationTokenSource();
        var watch = new TrialWatch(1, halving, TextWriter.Null, stop);
        var spent = false;
        var budget = HeldBudget(watch, 1_000, () => spent = true);

        Assert.Equal(252, StepUntilRefused(budget));          // held at rung 1 (within one vector step)
        Assert.False(budget.HasRoom);
        Assert.Equal(0, watch.RungsReached);
        watch.Observe(Row(252, 100));                         // the next row decides: alone at the rung, it goes on
        Assert.Equal(1, watch.RungsReached);
        Assert.True(budget.HasRoom);

        Assert.Equal(248, StepUntilRefused(budget));          // on to rung 2 (500 steps in all)
        watch.Observe(Row(500, 120));
        Assert.Equal((2, (int?)null, false), (watch.RungsReached, watch.PrunedAtRung, stop.IsCancellationRequested));

        Assert.Equal(500, StepUntilRefused(budget));          // released to the whole budget: the run ends there
        Assert.True(spent);
    }

    [Fact]
    public void A_trial_behind_its_peers_at_a_rung_is_pruned_there_however_fast_it_ran()
    {
        var halving = new SuccessiveHalving(1_000, 2, 250);
        using var leaderStop = new CancellationTokenSource();
        var leader = new TrialWatch(1, halving, TextWriter.Null, leaderStop);
        StepUntilRefused(HeldBudget(leader, 1_000, () => { }));
        leader.Observe(Row(252, 100));

        using var stop = new CancellationTokenSource();
        var behind = new TrialWatch(2, halving, TextWriter.Null, stop);
        var budget = HeldBudget(behind, 1_000, () => { });

        // Rows before the hold decide nothing, whatever env steps they show: only a held trial is judged.
        behind.Observe(Row(1_000, 10));
        Assert.Equal(0, behind.RungsReached);
        StepUntilRefused(budget);
        behind.Observe(Row(252, 10));
        Assert.Equal((1, (int?)1), (behind.RungsReached, behind.PrunedAtRung));
        Assert.True(stop.IsCancellationRequested);
        Assert.False(budget.HasRoom);                         // a pruned trial is not released
    }

    [Fact]
    public void The_trials_learner_is_paused_while_its_actors_wait_at_a_rung_and_goes_on_with_them()
    {
        var halving = new SuccessiveHalving(1_000, 2, 250);
        using var stop = new CancellationTokenSource();
        var watch = new TrialWatch(1, halving, TextWriter.Null, stop);
        var gate = watch.FirstHold!.LearnerGate!;
        var budget = HeldBudget(watch, 1_000, () => { });

        Assert.True(gate.IsOpen);
        StepUntilRefused(budget);
        Assert.False(gate.IsOpen);                            // held at rung 1: no training on the same data meanwhile
        watch.Observe(Row(252, 100));
        Assert.True(gate.IsOpen);                             // released with its actors
        StepUntilRefused(budget);
        Assert.False(gate.IsOpen);
    }
}
