using Flock.Actors.Doctor;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor.Support;

/// <summary>
/// A run directory written the way a run writes it (config.json by <see cref="RunDirectory"/>, metrics.csv by
/// <see cref="MetricsCsvWriter"/>, summary.json) from rows a test chooses, then diagnosed as <c>flockrl doctor</c> does.
/// </summary>
internal static class RecordedRun
{
    public static Diagnosis Diagnose(IReadOnlyList<RunMetrics> rows, RunConfig? config = null, RunSummary? summary = null) =>
        RunDoctor.Diagnose(Load(rows, config, summary));

    /// <param name="rows">The metrics rows.</param>
    /// <param name="config">The run's configuration (default: a default run).</param>
    /// <param name="summary">summary.json, or null for a run that wrote none.</param>
    /// <param name="editCsv">Rewrites metrics.csv's lines (header first) before loading, as a damaged or hand-made file would be.</param>
    public static RunRecord Load(IReadOnlyList<RunMetrics> rows, RunConfig? config = null, RunSummary? summary = null, Func<string[], IEnumerable<string>>? editCsv = null)
    {
        var root = Directory.CreateTempSubdirectory("flock-doctor-");
        try
        {
            var directory = Write(root.FullName, rows, config, summary);
            if (editCsv is not null)
            {
                var metrics = Path.Combine(directory, "metrics.csv");
                File.WriteAllText(metrics, string.Join('\n', editCsv(File.ReadAllLines(metrics))));
            }

            return RunRecordLoader.Load(directory);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>An <c>editCsv</c> for <see cref="Load"/> that empties every cell of <paramref name="column"/>, keeping the column.</summary>
    public static Func<string[], IEnumerable<string>> BlankColumn(string column) => lines =>
    {
        var index = Array.IndexOf(lines[0].Split(','), column);
        Assert.True(index >= 0, $"no column {column}");
        return lines.Select((line, i) => i == 0 ? line : string.Join(',', line.Split(',').Select((cell, c) => c == index ? "" : cell)));
    };

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
