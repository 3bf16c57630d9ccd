using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>target-sync-too-frequent and target-sync-too-rare on recorded metrics.</summary>
public sealed class TargetSyncRuleTests
{
    [Fact]
    public void A_target_synced_every_ten_updates_chases_itself_and_the_default_interval_is_suggested()
    {
        var rows = LearningCurve.Rows().With((r, i) => r with { TargetSyncs = i * 120L });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { TargetUpdateInterval = 10 }).Found("target-sync-too-frequent");

        Assert.Contains("every 10 updates: 1,080 times in 10 s", finding.Evidence[0].Text);
        Assert.Contains("120 times a second", finding.Evidence[0].Text);
        Assert.Equal("--target-update-interval 250", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void An_interval_of_thirty_updates_is_too_frequent_and_ten_times_it_is_suggested_as_above_the_default()
    {
        var rows = LearningCurve.Rows().With((r, i) => r with { TargetSyncs = i * 40L });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { TargetUpdateInterval = 30 }).Found("target-sync-too-frequent");

        var change = finding.Changes.Single();
        Assert.Equal("--target-update-interval 300", change.CommandLine);
        Assert.StartsWith("10× 30: ", change.Why);
    }

    [Fact]
    public void An_interval_of_fifty_updates_is_not_too_frequent()
    {
        RecordedRun.Diagnose(LearningCurve.Rows(), new RunConfig { TargetUpdateInterval = 50 }).AssertHealthy("target-sync-too-frequent");
    }

    [Fact]
    public void Two_syncs_in_a_run_that_did_not_solve_is_too_rare_and_the_suggestion_fits_twenty_syncs_in_the_run()
    {
        var rows = LearningCurve.Rows().With((r, i) => r with { TargetSyncs = i / 5 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { TargetUpdateInterval = 5_000 }).Found("target-sync-too-rare");

        Assert.Contains("refreshed 1 time in 10,800 updates", finding.Evidence[0].Text);
        Assert.Contains(finding.Evidence, e => e.Text.Contains("--broadcast-interval 0", StringComparison.Ordinal));
        Assert.Equal("--target-update-interval 540", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Three_syncs_or_a_solved_run_is_not_too_rare_and_a_run_of_few_updates_is_not_judged()
    {
        var three = LearningCurve.Rows().With((r, i) => r with { TargetSyncs = i / 3 });
        RecordedRun.Diagnose(three).AssertHealthy("target-sync-too-rare");

        var none = LearningCurve.Rows().With((r, _) => r with { TargetSyncs = 0 });
        RecordedRun.Diagnose(none, summary: RecordedRun.Summary(solved: true, "solved")).AssertHealthy("target-sync-too-rare");

        var few = LearningCurve.Rows().With((r, i) => r with { Updates = i * 100L, TargetSyncs = 0 });
        Assert.Contains("needs 1,000 learner updates, the run made 900", RecordedRun.Diagnose(few).Verdict("target-sync-too-rare").NotJudgedReason);
    }
}
