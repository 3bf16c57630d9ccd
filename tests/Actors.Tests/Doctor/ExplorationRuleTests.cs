using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>epsilon-too-low and epsilon-too-high on recorded metrics, for the decay schedule and for Ape-X.</summary>
public sealed class ExplorationRuleTests
{
    private static readonly RunConfig Decay = new() { Exploration = ExplorationKind.Decay, EpsilonStart = 1, EpsilonEnd = 0.05, EpsilonDecaySteps = 5_000 };

    [Fact]
    public void Epsilon_at_its_floor_while_the_returns_stay_flat_far_below_the_threshold_decayed_too_fast()
    {
        var rows = FlooredAt(row: 2, evalAfter: i => 40 + i);

        var finding = RecordedRun.Diagnose(rows, Decay).Found("epsilon-too-low");

        Assert.Equal(3, finding.Evidence[0].At.Single().ElapsedSeconds);
        Assert.Contains("far below the threshold 475", finding.Evidence[1].Text);
        Assert.Equal("--epsilon-decay-steps 20000", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Returns_that_climb_after_the_floor_mean_exploration_was_long_enough()
    {
        var rows = FlooredAt(row: 2, evalAfter: i => 40 + (30 * i));

        RecordedRun.Diagnose(rows, Decay).AssertHealthy("epsilon-too-low");
    }

    [Fact]
    public void Ape_x_actors_that_all_act_almost_greedily_with_flat_returns_do_not_explore()
    {
        var rows = LearningCurve.Rows().With((r, _) => r with { EpsilonMax = 0.004, EpsilonMin = 1e-6, EvalMeanReturn100 = 20 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { EpsilonBase = 0.004 }).Found("epsilon-too-low");

        Assert.Equal("--epsilon-base 0.4", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Epsilon_still_high_at_the_end_of_an_unsolved_decay_run_decayed_too_slowly()
    {
        var rows = LearningCurve.Rows().With((r, i) => r with { EpsilonMin = 1 - (0.02 * i), EpsilonMax = 1 - (0.02 * i) });

        var finding = RecordedRun.Diagnose(rows, Decay with { EpsilonDecaySteps = 10_000_000 }).Found("epsilon-too-high");

        Assert.Contains("ε ≥ 0.82", finding.Evidence[0].Text);
        Assert.Contains("90,000 env steps", finding.Evidence[1].Text);
        Assert.Equal("--epsilon-decay-steps 45000", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Epsilon_under_halfway_from_start_to_floor_or_a_solved_run_is_not_too_high()
    {
        var under = LearningCurve.Rows().With((r, _) => r with { EpsilonMin = 0.5, EpsilonMax = 0.5 });
        RecordedRun.Diagnose(under, Decay).AssertHealthy("epsilon-too-high");

        var high = LearningCurve.Rows().With((r, _) => r with { EpsilonMin = 0.9, EpsilonMax = 0.9 });
        RecordedRun.Diagnose(high, Decay, RecordedRun.Summary(solved: true, "solved")).AssertHealthy("epsilon-too-high");
    }

    [Fact]
    public void A_single_Ape_x_actor_explores_with_epsilon_base_and_gets_the_usual_floor()
    {
        var rows = LearningCurve.Rows().With((r, _) => r with { EpsilonMin = 0.4, EpsilonMax = 0.4 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { Actors = 1 }).Found("epsilon-too-high");

        Assert.Contains("single Ape-X actor", finding.Cause);
        Assert.Equal("--epsilon-base 0.05", finding.Changes.Single().CommandLine);
        RecordedRun.Diagnose(LearningCurve.Rows(), new RunConfig { Actors = 1 }).AssertHealthy("epsilon-too-high");
    }

    /// <summary>ε decays to its floor at <paramref name="row"/>; the greedy mean rises to 40 by then and follows <paramref name="evalAfter"/>.</summary>
    private static List<Flock.Actors.Run.RunMetrics> FlooredAt(int row, Func<int, double> evalAfter) => LearningCurve.Rows().With((r, i) => r with
    {
        EpsilonMin = i >= row ? 0.05 : 1 - (0.4 * i),
        EpsilonMax = i >= row ? 0.05 : 1 - (0.4 * i),
        EvalMeanReturn100 = i < row ? 10 + (15 * i) : evalAfter(i),
    });
}
