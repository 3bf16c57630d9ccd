using Flock.Actors.Doctor;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor.Support;

/// <summary>
/// A run directory written the way a run writes it (config.json by <see cref="RunDirectory"/>, metrics.csv by
/// <see cref="MetricsCsvWriter"/>, summary.json) from rows a test chooses, then diagnosed as <c>flock doctor</c> does.
/// </summary>
internal static class RecordedRun
{
    public static Diagnosis Diagnose(IReadOnlyList<RunMetrics> rows, RunConfig? config = null, RunSummary? summary = null) =>
        RunDoctor.Diagnose(Load(rows, config, summary));

    public static RunRecord Load(IReadOnlyList<RunMetrics> rows, RunConfig? config = null, RunSummary? summary = null)
    {
        var root = Directory.CreateTempSubdirectory("flock-doctor-");
        try
        {
            var directory = Write(root.FullName, rows, config, summary);
            return RunRecordLoader.Load(directory);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Writes the run into <paramref name="path"/> and returns it.</summary>
    public static string Write(string path, IReadOnlyList<RunMetrics> rows, RunConfig? config = null, RunSummary? summary = null)
    {
        var directory = RunDirectory.Create((config ?? new RunConfig()) with { Out = path }, DateTime.UtcNow);
        using (var writer = new MetricsCsvWriter(directory.MetricsFile))
        {
            foreach (var row in rows)
            {
                writer.Append(row);
            }
        }

        if (summary is not null)
        {
            directory.WriteSummary(summary with { RunDir = directory.Path });
        }

        return directory.Path;
    }

    /// <summary>A summary for a run of <paramref name="env"/> that ended as given.</summary>
    public static RunSummary Summary(bool solved, string stopReason = "max-env-steps", string? error = null, string env = "CartPole-v1", double? threshold = 475) => new()
    {
        Env = env,
        Solved = solved,
        SolveThreshold = threshold,
        StopReason = stopReason,
        Error = error,
        RunDir = "",
    };

    public static RuleVerdict Verdict(this Diagnosis diagnosis, string ruleId) => diagnosis.Verdicts.Single(v => v.Rule.Id == ruleId);

    public static Finding Found(this Diagnosis diagnosis, string ruleId) =>
        diagnosis.Verdict(ruleId).Finding ?? throw new Xunit.Sdk.XunitException($"no {ruleId} finding; verdicts: {Describe(diagnosis)}");

    /// <summary>Asserts the rule judged the run and found nothing.</summary>
    public static void AssertHealthy(this Diagnosis diagnosis, string ruleId)
    {
        var verdict = diagnosis.Verdict(ruleId);
        Assert.True(verdict.Judged, $"{ruleId} did not judge: {verdict.NotJudgedReason}");
        Assert.True(verdict.Finding is null, $"{ruleId} found: {verdict.Finding}");
    }

    public static string Describe(Diagnosis diagnosis) => string.Join("; ", diagnosis.Verdicts.Select(v =>
        $"{v.Rule.Id}: {(v.Finding is { } f ? "FOUND " + string.Join(" | ", f.Evidence.Select(e => e.Text)) : v.NotJudgedReason ?? "healthy")}"));
}
