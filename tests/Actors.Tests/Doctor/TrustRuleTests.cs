using Flock.Actors.Doctor;
using Flock.Actors.Run;
using Flock.Actors.Tests.Doctor.Support;

namespace Flock.Actors.Tests.Doctor;

/// <summary>The doctor on what a run says about itself: environment faults, a failed run, a solve that did not last.</summary>
public sealed class TrustRuleTests
{
    [Fact]
    public void Environment_faults_are_a_finding_with_their_count_share_and_first_message()
    {
        var rows = LearningCurve.Rows().Select((r, i) => r with { EnvErrors = i < 4 ? 0 : 50 }).ToArray();
        var summary = RecordedRun.Summary(solved: false) with
        {
            EnvSteps = 100_000,
            EnvErrors = 50,
            EnvErrorSites = [new EnvErrorSite(50, "Environment 'Flaky-v0' (vector index 3) faulted at episode 7, step 12: it threw InvalidOperationException: bug")],
        };
        var finding = RecordedRun.Diagnose(rows, summary: summary).Found("env-faults");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("50 environment faults in 100,000 env steps (0.1%)", finding.Evidence[0].Text, StringComparison.Ordinal);
        Assert.Equal(6, Assert.Single(finding.Evidence[0].At).Line);
        Assert.Contains("episode 7, step 12: it threw InvalidOperationException: bug", finding.Evidence[1].Text, StringComparison.Ordinal);

        RecordedRun.Diagnose(LearningCurve.Rows(), summary: RecordedRun.Summary(solved: false)).AssertHealthy("env-faults");
    }

    [Fact]
    public void A_failed_run_is_a_critical_finding_quoting_its_error_and_a_fault_storm_makes_env_faults_critical()
    {
        var error = "environment 'FaultStorm-v0' faulted more than 100 times within 10,000 env steps in env-0";
        var summary = RecordedRun.Summary(solved: false, "failed", error) with { EnvErrors = 104, EnvSteps = 2_400 };
        var diagnosis = RecordedRun.Diagnose(LearningCurve.Rows(), summary: summary);
        var failed = diagnosis.Found("run-failed");
        Assert.Equal(Severity.Critical, failed.Severity);
        Assert.Contains(error, failed.Evidence[0].Text, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, diagnosis.Found("env-faults").Severity);
        Assert.DoesNotContain("No findings", DiagnosisText.Render(diagnosis), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_solved_and_fell_back_is_not_called_solved()
    {
        var summary = RecordedRun.Summary(solved: true, "max-seconds") with { SolvedAtSeconds = 9.5, SolvedAtEnd = false, FinalEvalMeanReturn = 90.6 };
        var text = DiagnosisText.Render(RecordedRun.Diagnose(LearningCurve.Rows(), summary: summary));
        Assert.Contains("reached 475 at 9.5 s, then fell to 90.6: not solved at the end", text, StringComparison.Ordinal);
    }
}
