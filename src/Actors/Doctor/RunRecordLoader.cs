using System.Text.Json;
using Flock.Actors.Report;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Doctor;

/// <summary>
/// Reads a run directory for diagnosis: metrics.csv and config.json are required, summary.json is optional (a run that
/// was killed has none). Every problem is a <see cref="DoctorInputException"/> naming the file, and for metrics.csv the
/// line and column.
/// </summary>
public static class RunRecordLoader
{
    public static RunRecord Load(string path)
    {
        if (RunDirectory.NotReadable(path, "metrics.csv and config.json") is { } problem)
        {
            throw new DoctorInputException(problem);
        }

        var directory = RunDirectory.Open(path);
        var notes = new List<string>();
        var metrics = LoadMetrics(directory.MetricsFile, notes);
        var config = LoadConfig(directory.ConfigFile);
        var summary = LoadSummary(directory.SummaryFile, notes);
        var environment = EnvironmentFacts.Resolve(config, summary, notes);
        // Shown as the user gave it, so the retry command reads like the one they typed.
        var shown = Path.TrimEndingDirectorySeparator(path);
        return new RunRecord(shown.Length == 0 ? path : shown, config, metrics, summary, environment, notes);
    }

    private static MetricsSeries LoadMetrics(string path, List<string> notes)
    {
        try
        {
            // A killed run may have been cut off while writing its last row; the rows before it are whole and worth diagnosing.
            var metrics = MetricsSeries.Load(path);
            if (metrics.DroppedLastLineNote is { } note)
            {
                notes.Add(note);
            }

            return metrics;
        }
        catch (ReportInputException e)
        {
            throw new DoctorInputException(e.Message);
        }
    }

    private static RunConfig LoadConfig(string path)
    {
        if (!File.Exists(path))
        {
            throw new DoctorInputException($"{path}: not found; the doctor needs the configuration the run used (flockrl train and flockrl learner write it)");
        }

        try
        {
            return RunConfigLoader.Load(path, new Dictionary<string, IReadOnlyList<string>>());
        }
        catch (ConfigurationException e)
        {
            throw new DoctorInputException($"{path}: not a usable run configuration: {string.Join("; ", e.Errors)}");
        }
    }

    private static RunSummary? LoadSummary(string path, List<string> notes)
    {
        if (!File.Exists(path))
        {
            notes.Add("no summary.json (the run is still going, or was killed): judged from metrics.csv and config.json alone");
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path))
                ?? throw new DoctorInputException($"{path}: empty; expected the JSON object a run writes at its end");
        }
        catch (JsonException e)
        {
            throw new DoctorInputException($"{path}: not a run summary ({e.Message})");
        }
    }
}
