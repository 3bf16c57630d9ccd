using Flock.Actors.Run;
using Flock.Actors.Sweep;

namespace Flock.Actors.Tests.Sweep;

public sealed class TrialWatchTests
{
    private static RunMetrics Row(long envSteps, double evalMean) => new() { EnvSteps = envSteps, EvalMeanReturn100 = evalMean };

    [Fact]
    public void A_trial_behind_its_peers_at_a_rung_is_pruned_there()
    {
        var halving = new SuccessiveHalving(1_000, 2, 250);   // rungs 250, 500
        using var firstStop = new CancellationTokenSource();
        var first = new TrialWatch(1, halving, TextWriter.Null, firstStop);
        first.Observe(Row(300, 100));
        first.Observe(Row(600, 120));
        Assert.Equal((2, (int?)null, false), (first.RungsReached, first.PrunedAtRung, firstStop.IsCancellationRequested));

        using var stop = new CancellationTokenSource();
        var behind = new TrialWatch(2, halving, TextWriter.Null, stop);
        behind.Observe(Row(260, 10));
        Assert.Equal((1, (int?)1), (behind.RungsReached, behind.PrunedAtRung));
        Assert.True(stop.IsCancellationRequested);
    }

    [Fact]
    public void A_trial_whose_first_row_past_its_rungs_is_at_its_full_budget_ran_to_the_end_and_is_not_pruned()
    {
        var halving = new SuccessiveHalving(1_000, 2, 250);
        using var leaderStop = new CancellationTokenSource();
        new TrialWatch(1, halving, TextWriter.Null, leaderStop).Observe(Row(600, 100));

        // A fast trial whose env actors stopped at the budget before its next row: its only row passes both rungs.
        using var stop = new CancellationTokenSource();
        var log = new StringWriter();
        var fast = new TrialWatch(2, halving, log, stop);
        fast.Observe(Row(1_000, 10));
        Assert.Equal((2, (int?)null, false), (fast.RungsReached, fast.PrunedAtRung, stop.IsCancellationRequested));
        Assert.Contains("→ ran its whole budget", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pruned", log.ToString(), StringComparison.Ordinal);

        // Its scores still count at the rungs: a later trial is compared with both.
        var later = halving.Decide(3, 1, 50);
        Assert.Equal((2, 3), (later.Rank, later.Competitors));
    }
}
