using Flock.Actors.Run;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// The environment faulted (threw, or produced NaN/∞): each fault reset one environment and dropped its
/// partial episode, so the run went on, but the user's environment has a bug worth fixing, and many faults
/// bias what the agent sees. Reported on any fault: a healthy environment has none.
/// </summary>
public sealed class EnvironmentFaultsRule : IDiagnosisRule
{
    /// <summary>Above this share of env steps the faults shape the data (the fault budget gives up at 1%).</summary>
    public const double CriticalShare = 0.001;

    public string Id => "env-faults";

    public string Checks => "environment faults (exceptions, NaN/∞ observations or rewards)";

    public RuleVerdict Judge(RunRecord run)
    {
        var last = run.Last(MetricsColumns.EnvErrors);
        var count = Math.Max(run.Summary?.EnvErrors ?? 0, (long)(last?.Value ?? 0));
        if (run.Summary is null && run.Missing(MetricsColumns.EnvErrors) is { } missing)
        {
            return RuleVerdict.NotJudged(this, missing);
        }

        if (count == 0)
        {
            return RuleVerdict.Healthy(this);
        }

        var steps = run.Summary?.EnvSteps ?? (long)(run.Last(MetricsColumns.EnvSteps)?.Value ?? 0);
        var share = steps > 0 ? (double)count / steps : double.NaN;
        var first = run.Finite(MetricsColumns.EnvErrors, Enumerable.Range(0, run.Rows)).Where(r => r.Value > 0).Select(r => (int?)r.Row).FirstOrDefault();
        var evidence = new List<Evidence>
        {
            new($"{Count(count)} environment faults in {Count(steps)} env steps ({(double.IsFinite(share) ? Percent(share) : "share unknown")})",
                first is { } row ? [run.At(row)] : []),
        };
        foreach (var site in run.Summary?.EnvErrorSites ?? [])
        {
            evidence.Add(new Evidence($"{Count(site.Count)}× from one place; the first: {site.First}"));
        }

        var gaveUp = run.Summary is { StopReason: "failed", Error: { } error } && error.Contains("faulted more than", StringComparison.Ordinal);
        return RuleVerdict.Found(this, new Finding(Id, gaveUp || share > CriticalShare ? Severity.Critical : Severity.Warning,
            gaveUp ? "The environment faulted too often and the run gave up" : "The environment faulted",
            evidence,
            "the environment threw or produced a NaN/∞ observation or reward; each fault reset that environment to a new episode and dropped its partial episode"
                + (gaveUp ? ", until more than 1% of 10,000 env steps faulted and the run stopped" : ", so training went on, but on data that skips whatever leads up to the fault"),
            [],
            "fix the environment: the message above names the episode and step, and the run's log has the stack trace of each distinct fault once"));
    }
}
