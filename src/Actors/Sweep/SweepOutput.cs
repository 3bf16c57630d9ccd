using System.Globalization;
using System.Text;
using Flock.Actors.Report;
using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>Where a sweep's results went.</summary>
public sealed record SweepFiles(string Directory, string ResultsCsv, string Page, string? BestConfig);

/// <summary>Writes a sweep's results: <c>results.csv</c>, <c>sweep.html</c> and <c>best-config.json</c>.</summary>
public static class SweepOutput
{
    public static SweepFiles Write(SweepPlan plan, IReadOnlyList<TrialResult> ranked)
    {
        var (directory, subtitle, parameters) = (plan.Directory, plan.Subtitle, plan.ParameterNames);
        Directory.CreateDirectory(directory);
        var csv = Path.Combine(directory, "results.csv");
        File.WriteAllText(csv, Csv(ranked, parameters));

        var curves = new Dictionary<int, MetricsSeries>();
        foreach (var r in ranked.Where(r => r.RunDir is not null && File.Exists(Path.Combine(r.RunDir, "metrics.csv"))))
        {
            try
            {
                curves[r.Trial] = MetricsSeries.Load(Path.Combine(r.RunDir!, "metrics.csv"));
            }
            catch (ReportInputException)
            {
                // A trial cut off while writing its first row: it is in the table, just without a curve.
            }
        }

        var page = Path.Combine(directory, "sweep.html");
        File.WriteAllText(page, SweepPage.Render($"Flock sweep {Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))}", subtitle, ranked, curves, parameters, plan.Setup.Halving.Rungs));

        string? best = null;
        if (TrialRanking.Best(ranked) is { } winner)
        {
            best = Path.Combine(directory, "best-config.json");
            File.WriteAllText(best, RunConfigJson.Serialize(plan.TrainingConfig(winner)));
        }

        return new SweepFiles(directory, csv, page, best);
    }

    private static string Csv(IReadOnlyList<TrialResult> ranked, IReadOnlyList<string> parameters)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', ["rank", "trial", .. parameters, "status", "env_steps", "eval_mean_return_100", "solved_at_env_steps", "wall_seconds", "run_dir", "error"]).Append('\n');
        for (var i = 0; i < ranked.Count; i++)
        {
            var r = ranked[i];
            string[] cells =
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                r.Trial.ToString(CultureInfo.InvariantCulture),
                .. parameters.Select(name => r.Plan.Settings.FirstOrDefault(s => s.Param.Name == name).Value?.Text ?? ""),
                r.Status,
                r.EnvSteps.ToString(CultureInfo.InvariantCulture),
                r.EvalMeanReturn100?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                r.SolvedAtEnvSteps?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.WallSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                r.RunDir ?? "",
                r.Error ?? "",
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>RFC 4180: quote a cell holding a comma, quote or line break, doubling its quotes.</summary>
    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
