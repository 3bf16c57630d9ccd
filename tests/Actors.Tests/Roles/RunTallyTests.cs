using FsCheck;
using FsCheck.Fluent;
using Flock.Actors.Roles;
using Flock.Shared.Messages;

namespace Flock.Actors.Tests.Roles;

/// <summary>The coordinator's tally when actors leave the run: what they did stays in the run's totals.</summary>
public sealed class RunTallyTests
{
    [Fact]
    public void Retiring_actors_keeps_their_steps_and_non_zero_rewards_in_the_totals()
    {
        // Actors 0..n-1 report (steps, non-zero rewards ≤ steps); any subset of them then retires.
        var property = Prop.ForAll(
            Arb.From(Gen.ListOf(Gen.Choose(0, 10_000).SelectMany(steps => Gen.Choose(0, steps).Select(nonZero => (Steps: steps, NonZero: nonZero))))),
            Arb.From(Gen.ListOf(Gen.Choose(0, 20))),
            (reports, retiring) =>
            {
                var tally = new RunTally();
                for (var id = 0; id < reports.Count; id++)
                {
                    tally.Actors[id] = Stats(id, reports[id].Steps);
                    tally.NonZeroRewards[id] = reports[id].NonZero;
                }

                var (steps, nonZero) = (tally.EnvSteps, tally.NonZeroRewardsTotal);
                tally.Retire(retiring);
                Assert.Equal(steps, tally.EnvSteps);
                Assert.Equal(nonZero, tally.NonZeroRewardsTotal);
                Assert.Equal(reports.Sum(r => (long)r.NonZero), tally.NonZeroRewardsTotal);
            });

        Check.One(Config.QuickThrowOnFailure, property);
    }

    [Fact]
    public void The_non_zero_reward_fraction_of_an_interval_in_which_an_actor_retired_counts_only_that_interval()
    {
        var tally = new RunTally();
        var rates = new IntervalRates();
        Report(tally, 0, steps: 1_000, nonZero: 100);
        Report(tally, 1, steps: 1_000, nonZero: 300);
        Assert.Equal(0.2, Fraction(rates, tally, 1), 6);

        // Actor 1 leaves; actor 0 then steps 1,000 more with 50 non-zero rewards: 50 / 1,000.
        tally.Retire([1]);
        Report(tally, 0, steps: 2_000, nonZero: 150);
        Assert.Equal(0.05, Fraction(rates, tally, 2), 6);
    }

    private static double Fraction(IntervalRates rates, RunTally tally, double seconds) =>
        rates.Advance(seconds, tally.EnvSteps, 0, tally.Actors.Values, tally.NonZeroRewardsTotal).NonZeroRewardFraction;

    private static void Report(RunTally tally, int id, long steps, long nonZero)
    {
        tally.Actors[id] = Stats(id, steps);
        tally.NonZeroRewards[id] = nonZero;
    }

    private static ActorStats Stats(int id, long steps) => new(id, steps, 0, double.NaN, 0.1, 0, 0);
}
