using Flock.Actors.Cli;
using Flock.Actors.Sweep;
using Flock.Shared.Configuration;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Actors.Tests.Sweep;

public sealed class TrialPlannerTests
{
    private static readonly RunConfig Base = new();

    private static IReadOnlyList<SweepParam> Params(params string[] specs) => SweepParamParser.ParseAll(specs, Base);

    [Fact]
    public void A_grid_is_the_cartesian_product_when_it_fits()
    {
        var trials = TrialPlanner.Plan(Params("learning-rate=0.001,0.0003", "batch-size=64,128,256"), SweepStrategy.Grid, 10, seed: 1);

        Assert.Equal(6, trials.Count);
        Assert.Equal(Enumerable.Range(1, 6), trials.Select(t => t.Trial));
        Assert.Equal(6, trials.Select(t => t.Describe()).Distinct().Count());
        Assert.Equal("learning-rate=0.001 batch-size=64", trials[0].Describe());
        Assert.Equal("learning-rate=0.0003 batch-size=256", trials[5].Describe());
    }

    [Fact]
    public void A_grid_larger_than_the_trials_is_sampled_to_distinct_combinations_the_same_way_for_the_same_seed()
    {
        var parameters = Params("learning-rate=0.001,0.0003,0.0001", "batch-size=64,128,256", "gamma=0.9,0.99");
        var first = TrialPlanner.Plan(parameters, SweepStrategy.Grid, 5, seed: 7).Select(t => t.Describe()).ToArray();
        var again = TrialPlanner.Plan(parameters, SweepStrategy.Grid, 5, seed: 7).Select(t => t.Describe()).ToArray();
        var other = TrialPlanner.Plan(parameters, SweepStrategy.Grid, 5, seed: 8).Select(t => t.Describe()).ToArray();

        Assert.Equal(5, first.Distinct().Count());
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_grid_refuses_ranges_and_says_what_to_do()
    {
        var problem = Assert.Throws<UsageException>(() => TrialPlanner.Plan(Params("learning-rate=0.0001..0.001"), SweepStrategy.Grid, 4, 1)).Message;
        Assert.Contains("a range needs --strategy random", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_draws_stay_inside_their_ranges_and_lists_and_are_valid_configurations()
    {
        var parameters = Params("learning-rate=0.0001..0.003:log", "target-update-interval=100..1000:log", "gamma=0.9..0.999", "batch-size=64,128");
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (seed, count) =>
        {
            var trials = TrialPlanner.Plan(parameters, SweepStrategy.Random, count, seed);
            return trials.Count == count && trials.All(t =>
            {
                var config = t.Apply(Base);
                return config.LearningRate is >= 0.0001 and <= 0.003
                    && config.TargetUpdateInterval is >= 100 and <= 1000
                    && config.Gamma is >= 0.9 and <= 0.999
                    && config.BatchSize is 64 or 128
                    && RunConfigValidator.Validate(config).Count == 0;
            });
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_log_range_draws_as_often_from_each_decade()
    {
        var trials = TrialPlanner.Plan(Params("learning-rate=0.00001..0.1:log"), SweepStrategy.Random, 4000, seed: 3);
        var perDecade = trials.Select(t => t.Apply(Base).LearningRate).GroupBy(lr => (int)Math.Floor(Math.Log10(lr))).ToDictionary(g => g.Key, g => g.Count());

        // Four decades, about 1000 each; uniform sampling would put ~90 % into the top decade.
        Assert.All(new[] { -5, -4, -3, -2 }, decade => Assert.InRange(perDecade.GetValueOrDefault(decade), 850, 1150));
    }

    [Fact]
    public void Random_plans_are_reproducible_from_the_seed()
    {
        var parameters = Params("learning-rate=0.0001..0.003:log", "batch-size=64,128,256");
        Assert.Equal(
            TrialPlanner.Plan(parameters, SweepStrategy.Random, 8, 42).Select(t => t.Describe()),
            TrialPlanner.Plan(parameters, SweepStrategy.Random, 8, 42).Select(t => t.Describe()));
    }

    [Theory]
    [InlineData(ExplorationKind.Apex, "epsilon-alpha")]
    [InlineData(ExplorationKind.Decay, "epsilon-decay-steps")]
    public void The_default_sweep_varies_five_knobs_with_the_honest_exploration_knob(ExplorationKind exploration, string explorationKnob)
    {
        foreach (var strategy in new[] { SweepStrategy.Random, SweepStrategy.Grid })
        {
            var config = Base with { Exploration = exploration };
            var parameters = SweepParamParser.ParseAll(SweepDefaults.Specs(config, strategy), config);
            Assert.Equal(["learning-rate", "target-update-interval", explorationKnob, "batch-size", "replay-capacity"], parameters.Select(p => p.Name));
            Assert.All(TrialPlanner.Plan(parameters, strategy, 9, 1), t => Assert.Empty(RunConfigValidator.Validate(t.Apply(config))));
        }
    }
}
