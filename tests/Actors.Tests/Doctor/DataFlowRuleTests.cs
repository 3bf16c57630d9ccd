using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>replay-too-small, samples-per-insert-off-target and stale-weights on recorded metrics.</summary>
public sealed class DataFlowRuleTests
{
    [Fact]
    public void A_replay_under_one_episode_per_environment_is_too_small_and_the_suggestion_holds_four()
    {
        var rows = LearningCurve.Rows().With((r, _) => r with { ReplaySize = Math.Min(r.ReplaySize, 5_000) });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { ReplayCapacity = 5_000 }).Found("replay-too-small");

        Assert.Contains("16 environments (2 actors × 8) × 500 steps (the environment's time limit) = 8,000", finding.Evidence[0].Text);
        Assert.Contains("full from 2 s on; at 20,000 inserts/s each transition stayed about 0.25 s, 300 learner updates", finding.Evidence[1].Text);
        Assert.Equal("--replay-capacity 32000", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void A_replay_of_exactly_one_episode_per_environment_is_not_too_small()
    {
        RecordedRun.Diagnose(LearningCurve.Rows(), new RunConfig { ReplayCapacity = 8_000 }).AssertHealthy("replay-too-small");
    }

    [Fact]
    public void Samples_per_insert_at_a_quarter_of_the_target_means_the_actors_outrun_the_learner()
    {
        var rows = LearningCurve.Rows().Learning((r, _) => r with { SamplesPerInsert = 2 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { SamplesPerInsertTolerance = 10_000_000 }).Found("samples-per-insert-off-target");

        Assert.Equal("The actors outrun the learner", finding.Title);
        Assert.Contains("sampled 2 transitions per transition inserted; the target is 8", finding.Evidence[0].Text);
        Assert.Equal("--samples-per-insert-tolerance 2560", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Samples_per_insert_at_half_the_target_is_fine_and_a_run_still_warming_up_is_not_judged()
    {
        var half = LearningCurve.Rows().Learning((r, _) => r with { SamplesPerInsert = 4.1 });
        RecordedRun.Diagnose(half).AssertHealthy("samples-per-insert-off-target");

        var early = LearningCurve.Rows().With((r, i) => r with { TransitionsInserted = i * 1_000L, SamplesPerInsert = 1 });
        Assert.Contains("needs 10,000 inserted transitions", RecordedRun.Diagnose(early).Verdict("samples-per-insert-off-target").NotJudgedReason);
    }

    [Fact]
    public void Actors_thousands_of_updates_behind_the_learner_act_with_stale_weights()
    {
        var rows = LearningCurve.Rows().Learning((r, _) => r with { WeightsVersionLagMax = 3_000 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { BroadcastInterval = 5_000 }).Found("stale-weights");

        Assert.Contains("a median 3,000 updates behind the learner (about 2.5 s at 1,200 updates/s)", finding.Evidence[0].Text);
        Assert.Equal("--broadcast-interval 250", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void A_lag_under_two_thousand_updates_is_not_stale()
    {
        var rows = LearningCurve.Rows().Learning((r, _) => r with { WeightsVersionLagMax = 1_900 });

        RecordedRun.Diagnose(rows, new RunConfig { BroadcastInterval = 2_000 }).AssertHealthy("stale-weights");
    }
}
