using System.Text.Json;
using Flock.Actors.Run;

namespace Flock.Actors.Report;

/// <summary>What <c>flockrl report</c> wrote.</summary>
/// <param name="ReportFile">The report page.</param>
/// <param name="TraceFile">The trace the report read, or null when the run had none.</param>
/// <param name="TimelineFile">The trace viewer page, written when there was a trace.</param>
/// <param name="Note">What was left out of metrics.csv (a last line cut by a kill), for the user; null when nothing was.</param>
public sealed record RunReportResult(string ReportFile, string? TraceFile, string? TimelineFile, string? Note = null);

/// <summary>
/// Reads a run directory (metrics.csv, and summary.json, config.json and the trace when present) and writes
/// <c>report.html</c>, plus <c>trace.html</c> when the run recorded a trace. The trace is the run
/// directory's <c>trace.json</c>, else the <c>trace-file</c> named in config.json (as given, then relative to
/// the run directory).
/// </summary>
public static class RunReport
{
    public const string ReportFileName = "report.html";
    public const string TimelineFileName = "trace.html";
    public const string DefaultTraceFileName = "trace.json";

    /// <summary>Milliseconds of the run the timeline page shows by default.</summary>
    public const double DefaultTimelineMillis = 50;

    /// <param name="runDir">The run directory.</param>
    /// <param name="timelineMillis">Length of the window of the run that trace.html draws.</param>
    public static RunReportResult Write(string runDir, double timelineMillis = DefaultTimelineMillis)
    {
        if (RunDirectory.NotReadable(runDir, "metrics.csv") is { } problem)
        {
            throw new ReportInputException(problem);
        }

        var metrics = MetricsSeries.Load(Path.Combine(runDir, "metrics.csv"));
        var summary = ReadJson(Path.Combine(runDir, "summary.json"));
        var config = ReadJson(Path.Combine(runDir, "config.json"));
        var tracePath = FindTrace(runDir, config);
        var trace = tracePath is null ? null : TraceProfile.Load(tracePath);
        string? timeline = null;
        if (trace is not null)
        {
            timeline = Path.Combine(runDir, TimelineFileName);
            File.WriteAllText(timeline, TimelinePage.Render(trace, $"Flock trace: {Path.GetFileName(tracePath)}", timelineMillis));
        }

        var report = Path.Combine(runDir, ReportFileName);
        var actors = config is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("actors", out var a) && a.TryGetInt32(out var n) ? n : (int?)null;
        File.WriteAllText(report, ReportPage.Render(Path.GetFullPath(runDir), metrics, summary, actors, trace, timeline is null ? null : TimelineFileName));
        return new RunReportResult(report, tracePath, timeline, metrics.DroppedLastLineNote);
    }

    private static string? FindTrace(string runDir, JsonElement? config)
    {
        var local = Path.Combine(runDir, DefaultTraceFileName);
        if (File.Exists(local))
        {
            return local;
        }

        if (config is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("trace-file", out var named) && named.ValueKind == JsonValueKind.String)
        {
            var name = named.GetString()!;
            foreach (var candidate in new[] { name, Path.Combine(runDir, name) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{path}: not valid JSON ({e.Message})");
        }
    }
}
