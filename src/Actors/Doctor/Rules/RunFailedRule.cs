using Flock.Actors.Roles;

namespace Flock.Actors.Doctor.Rules;

/// <summary>The run stopped as failed (or was killed and never finished): whatever else it shows, it did not end the way it was asked to.</summary>
public sealed class RunFailedRule : IDiagnosisRule
{
    public string Id => "run-failed";

    public string Checks => "how the run stopped (failed, incomplete)";

    public RuleVerdict Judge(RunRecord run)
    {
        // Without summary.json (a run still going, or killed and not read back) the loader's note says so already.
        if (run.Summary is not { } summary || summary.StopReason is not (StopReasons.Failed or StopReasons.Incomplete))
        {
            return RuleVerdict.Healthy(this);
        }

        var failed = summary.StopReason == StopReasons.Failed;
        return RuleVerdict.Found(this, new Finding(Id, Severity.Critical,
            failed ? "The run failed" : "The run did not finish (killed, read back)",
            [new Evidence(failed ? $"stop reason 'failed': {summary.Error ?? "no error recorded"}" : "stop reason 'incomplete': the run was killed; this is what it left")],
            failed ? "the run stopped on an error, not on a stop condition; the figures cover it only up to then" : "the process ended without writing its summary",
            [],
            failed ? "fix what the error names, then run again; the checkpoints, metrics and summary it left are usable" : "resume it with --resume, or run it again"));
    }
}
