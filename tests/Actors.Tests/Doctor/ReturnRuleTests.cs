using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>sparse-reward and returns-oscillating on recorded metrics.</summary>
public sealed class ReturnRuleTests
{
    [Fact]
    public void Half_a_percent_of_rewarded_steps_in_an_unsolved_run_is_a_sparse_reward()
    {
        var rows = LearningCurve.Rows().Learning((r, _) => r with { NonZeroRewardFraction = 0.005 });

        var finding = RecordedRun.Diagnose(rows).Found("sparse-reward");

        Assert.Contains("0.5% of 180,000 env steps had a non-zero reward", finding.Evidence[0].Text);
        Assert.Equal("--n-step 10", finding.Changes.Single().CommandLine);
        Assert.Contains("RewardShaper.PotentialBased", finding.Advice);
    }

    [Fact]
    public void One_point_two_percent_or_a_solved_run_is_not_sparse()
    {
        var dense = LearningCurve.Rows().Learning((r, _) => r with { NonZeroRewardFraction = 0.012 });
        RecordedRun.Diagnose(dense).AssertHealthy("sparse-reward");

        var sparse = LearningCurve.Rows().Learning((r, _) => r with { NonZeroRewardFraction = 0.005 });
        RecordedRun.Diagnose(sparse, summary: RecordedRun.Summary(solved: true, "solved")).AssertHealthy("sparse-reward");
    }

    [Fact]
    public void A_good_policy_that_loses_over_a_third_of_the_way_oscillates()
    {
        var rows = Peaked(peak: 400, trough: 220);

        var finding = RecordedRun.Diagnose(rows, new RunConfig { Loss = LossKind.Mse }).Found("returns-oscillating");

        Assert.Contains("fell from 400 to 220, 38.7% of the range from the lowest greedy mean 10 to the threshold 475", finding.Evidence[0].Text);
        Assert.Equal(6, finding.Evidence[0].At[0].ElapsedSeconds);
        Assert.Equal(["--learning-rate 5e-4", "--batch-size 256", "--loss huber", "--target-update-interval 500"], finding.Changes.Select(c => c.CommandLine));
    }

    [Fact]
    public void A_smaller_fall_or_a_fall_before_the_policy_was_good_is_not_an_oscillation()
    {
        RecordedRun.Diagnose(Peaked(peak: 400, trough: 260)).AssertHealthy("returns-oscillating");
        RecordedRun.Diagnose(Peaked(peak: 230, trough: 40)).AssertHealthy("returns-oscillating");
    }

    [Fact]
    public void A_dip_that_the_run_got_past_to_solve_is_not_an_oscillation()
    {
        var rows = Peaked(peak: 400, trough: 100).With((r, i) => i == 9 ? r with { EvalMeanReturn100 = 480 } : r);

        RecordedRun.Diagnose(rows).AssertHealthy("returns-oscillating");
        Assert.NotNull(RecordedRun.Diagnose(rows.Take(9).ToList()).Found("returns-oscillating"));
    }

    [Fact]
    public void Means_over_fewer_than_a_hundred_episodes_do_not_count()
    {
        var rows = Peaked(peak: 400, trough: 100).With((r, _) => r with { EvalEpisodes = 50 });

        Assert.Contains("needs 3 rows with a greedy mean over a full window of 100 episodes", RecordedRun.Diagnose(rows).Verdict("returns-oscillating").NotJudgedReason);
    }

    /// <summary>The greedy mean climbs to <paramref name="peak"/> at row 5, drops to <paramref name="trough"/> and stays there.</summary>
    private static List<Flock.Actors.Run.RunMetrics> Peaked(double peak, double trough) => LearningCurve.Rows().With((r, i) => r with
    {
        EvalMeanReturn100 = i < 5 ? 10 + ((peak - 10) * i / 5) : i == 5 ? peak : trough,
        EvalEpisodes = 100 + (i * 100L),
    });
}
