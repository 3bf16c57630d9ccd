using Flock.Actors.Sweep;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Sweep;

public sealed class SuccessiveHalvingTests
{
    [Fact]
    public void Rungs_lie_at_the_budget_over_powers_of_eta_down_to_the_minimum()
    {
        Assert.Equal([11_112, 33_334, 100_000], new SuccessiveHalving(300_000, 3, 11_111).Rungs);
        Assert.Equal([33_334, 100_000], new SuccessiveHalving(300_000, 3, 20_000).Rungs);
        Assert.Equal([25_000, 50_000], new SuccessiveHalving(100_000, 2, 25_000).Rungs);
    }

    [Fact]
    public void A_trial_goes_on_only_among_the_best_third_of_those_that_reached_the_rung_so_far()
    {
        var halving = new SuccessiveHalving(90_000, 3, 10_000);

        // The first arrivals have nothing to beat but each other: the best max(1, ⌊n/3⌋) go on.
        Assert.True(halving.Decide(1, 1, 100).Continues);     // 1 of 1, 1 promoted
        Assert.False(halving.Decide(2, 1, 50).Continues);     // rank 2 of 2, 1 promoted
        Assert.True(halving.Decide(3, 1, 150).Continues);     // rank 1 of 3
        var fourth = halving.Decide(4, 1, 120);               // rank 2 of 4, still only 1 promoted
        Assert.Equal((2, 4, 1), (fourth.Rank, fourth.Competitors, fourth.Promoted));
        Assert.False(fourth.Continues);
        Assert.True(halving.Decide(5, 1, 100).Continues is false);
        var sixth = halving.Decide(6, 1, 140);                 // 6 at the rung: the best 2 go on, 140 is second
        Assert.Equal((2, 6, 2), (sixth.Rank, sixth.Competitors, sixth.Promoted));
        Assert.True(sixth.Continues);

        // Rungs keep separate books.
        Assert.True(halving.Decide(1, 2, 10).Continues);
        Assert.Equal(30_000, halving.Decide(3, 2, 20).RungEnvSteps);
    }

    [Fact]
    public void A_trial_without_an_eval_ranks_last_and_a_tie_goes_on()
    {
        var halving = new SuccessiveHalving(90_000, 3, 10_000);
        Assert.True(halving.Decide(1, 1, 9.5).Continues);
        Assert.True(halving.Decide(2, 1, 9.5).Continues);
        var blind = halving.Decide(3, 1, double.NaN);
        Assert.Equal(3, blind.Rank);
        Assert.False(blind.Continues);
        Assert.True(SuccessiveHalving.IsBetter(-200, double.NaN));
        Assert.False(SuccessiveHalving.IsBetter(double.NaN, -200));
    }

    [Fact]
    public void Decisions_are_consistent_whatever_the_threads()
    {
        var halving = new SuccessiveHalving(90_000, 3, 10_000);
        var decisions = Enumerable.Range(1, 300).AsParallel().Select(t => halving.Decide(t, 1, t % 17)).ToArray();
        Assert.Equal(Enumerable.Range(1, 300), decisions.Select(d => d.Competitors).Order());
    }

    [Fact]
    public void Ranking_puts_fast_solves_first_then_how_far_a_trial_got_then_its_score_and_failures_last()
    {
        TrialResult R(int trial, string status, int rungs, double? eval, long? solvedAt = null) =>
            new(new TrialPlan(trial, []), new RunConfig(), status, rungs, 0, eval, solvedAt, 1, null, null);
        var ranked = TrialRanking.Rank(
        [
            R(1, TrialStatus.Failed, 3, 500),
            R(2, TrialStatus.PrunedAt(1), 1, 300),
            R(3, TrialStatus.Completed, 4, 200),
            R(4, TrialStatus.Solved, 4, 480, solvedAt: 90_000),
            R(5, TrialStatus.Solved, 3, 476, solvedAt: 60_000),
            R(6, TrialStatus.Completed, 4, 250),
            R(7, TrialStatus.Stopped, 2, null),
            R(8, TrialStatus.PrunedAt(2), 2, 100),
            R(9, TrialStatus.NotStarted, 0, null),
        ]);

        Assert.Equal([5, 4, 6, 3, 8, 7, 2, 1, 9], ranked.Select(r => r.Trial));
        Assert.Equal(5, TrialRanking.Best(ranked)!.Trial);
        Assert.Null(TrialRanking.Best(TrialRanking.Rank([R(1, TrialStatus.Failed, 0, null)])));
    }
}
