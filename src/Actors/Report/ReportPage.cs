using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Flock.Actors.Run;

namespace Flock.Actors.Report;

/// <summary>
/// Renders <c>report.html</c>: the run's summary, its curves (inline SVG drawn here, so the page needs no
/// network and no library) and where time went per role. A few lines of inline script only check, once the
/// browser has laid the charts out, that every curve has a drawn length, and record the count on the body
/// (<c>data-rendered-series</c>) for the browser test.
/// </summary>
public static class ReportPage
{
    // Runs at the end of the body, after every chart is parsed; getBBox forces layout, so a count above
    // zero means the browser really drew the curves.
    private const string CheckScript = """
        (function () {
          var drawn = 0;
          document.querySelectorAll('path.series').forEach(function (p) {
            var box = p.getBBox();
            if (p.getTotalLength() > 0 && (box.width > 0 || box.height > 0)) { drawn++; }
          });
          document.body.setAttribute('data-rendered-series', String(drawn));
        })();
        """;

    private static readonly (string Role, string Phase, string Column)[] Phases =
    [
        ("env", "stepping", MetricsColumns.EnvSteppingSeconds),
        ("env", "inference (actions + initial priorities)", MetricsColumns.EnvInferenceSeconds),
        ("env", "batching (n-step)", MetricsColumns.EnvBatchingSeconds),
        ("env", "sending (encoding, transport, waiting for room)", MetricsColumns.EnvSendingSeconds),
        ("replay", "insert", MetricsColumns.ReplayInsertSeconds),
        ("replay", "sample", MetricsColumns.ReplaySampleSeconds),
        ("learner", "update", MetricsColumns.LearnerUpdateSeconds),
        ("learner", "broadcast", MetricsColumns.LearnerBroadcastSeconds),
        ("learner", "waiting for a batch (sampling, samples-per-insert limit)", MetricsColumns.LearnerWaitSeconds),
    ];

    /// <param name="runDir">The run directory, for the title.</param>
    /// <param name="metrics">metrics.csv.</param>
    /// <param name="summary">summary.json, when the run wrote one.</param>
    /// <param name="envActors">Environment actors of the run (from config.json), to tell their idle time; null when unknown.</param>
    /// <param name="trace">The run's trace, when it recorded one.</param>
    /// <param name="timelineFile">The trace viewer page to link, relative to the report.</param>
    public static string Render(string runDir, MetricsSeries metrics, JsonElement? summary, int? envActors, TraceProfile? trace, string? timelineFile)
    {
        var title = $"Flock run {Path.GetFileName(Path.TrimEndingDirectorySeparator(runDir))}";
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Escape(title)).Append("</title><style>")
            .Append(ReportStyle.Css).Append("</style></head><body>");
        page.Append("<h1>").Append(Escape(title)).Append("</h1>");
        page.Append("<div class=\"sub\">").Append(Escape(runDir)).Append(Invariant($" · {metrics.Rows} metrics rows")).Append("</div>");
        AppendSummary(page, summary);
        page.Append("<h2>Curves</h2><div class=\"charts\">");
        foreach (var chart in Charts(metrics, summary))
        {
            page.Append(chart);
        }

        page.Append("</div>");
        AppendPhaseTable(page, metrics, envActors);
        if (trace is not null)
        {
            AppendTraceTable(page, trace, timelineFile);
        }

        page.Append("<script>").Append(CheckScript).Append("</script></body></html>");
        return page.ToString();
    }

    private static IEnumerable<string> Charts(MetricsSeries m, JsonElement? summary)
    {
        var steps = m.Get(MetricsColumns.EnvSteps)!;
        var seconds = m.Get(MetricsColumns.ElapsedSeconds)!;
        ChartSeries? S(string column, string name, int color) => m.Get(column) is { } y ? new ChartSeries(name, ReportStyle.Palette[color], y) : null;
        ChartSeries? Rate(string column, string name, int color) => m.Get(column) is { } y ? new ChartSeries(name, ReportStyle.Palette[color], WithoutShortIntervals(seconds, y)) : null;
        string Chart(string title, string xLabel, double[] x, params ChartSeries?[] series) =>
            SvgLineChart.Render(title, xLabel, x, [.. series.OfType<ChartSeries>().Select(line => SeriesDownsampler.ForChart(x, line))]);
        string ReturnChart(string title, string xLabel, double[] x, string solvedAtKey) =>
            SvgLineChart.Render(title, xLabel, x, [.. new[] { S(MetricsColumns.TrainMeanReturn, "train", 0), S(MetricsColumns.EvalMeanReturn100, "eval (last 100)", 1) }.OfType<ChartSeries>().Select(line => SeriesDownsampler.ForChart(x, line))], ReturnMarks(summary, solvedAtKey));

        yield return ReturnChart("Return vs env steps", "env steps", steps, "solved_at_env_steps");
        yield return ReturnChart("Return vs wall time", "seconds", seconds, "solved_at_seconds");
        yield return Chart("Loss", "env steps", steps, S(MetricsColumns.Loss, "loss", 2));
        yield return Chart("Mean |Q|", "env steps", steps, S(MetricsColumns.MeanAbsQ, "mean |Q|", 3));
        yield return Chart("TD error", "env steps", steps, S(MetricsColumns.MeanAbsTdError, "mean |TD error|", 4));
        yield return Chart("Exploration ε range", "env steps", steps, S(MetricsColumns.EpsilonMin, "ε min", 5), S(MetricsColumns.EpsilonMax, "ε max", 6));
        yield return Chart("Env steps per second", "seconds", seconds, Rate(MetricsColumns.EnvStepsPerSecond, "steps/s", 0));
        yield return Chart("Updates per second", "seconds", seconds, Rate(MetricsColumns.UpdatesPerSecond, "updates/s", 2));
        yield return Chart("Replay size", "seconds", seconds, S(MetricsColumns.ReplaySize, "transitions", 7));
        yield return Chart("Weight version lag (max over actors)", "seconds", seconds, S(MetricsColumns.WeightsVersionLagMax, "versions behind", 1));
    }

    /// <summary>
    /// Blanks rates over intervals much shorter than the usual one: the row written at stop covers a sliver
    /// of time in which the actors' final counts arrive, so its rate is an artefact, not a burst.
    /// </summary>
    private static double[] WithoutShortIntervals(double[] seconds, double[] rates)
    {
        var intervals = new List<double>(Math.Max(0, seconds.Length - 1));
        for (var i = 1; i < seconds.Length; i++)
        {
            if (seconds[i] - seconds[i - 1] is var interval && double.IsFinite(interval))
            {
                intervals.Add(interval);
            }
        }

        if (intervals.Count == 0)
        {
            return rates;
        }

        intervals.Sort();
        var typical = intervals[intervals.Count / 2];
        var kept = (double[])rates.Clone();
        for (var i = 1; i < kept.Length; i++)
        {
            if (seconds[i] - seconds[i - 1] < typical / 2)
            {
                kept[i] = double.NaN;
            }
        }

        return kept;
    }

    /// <summary>The solve threshold as a level line and the moment it was reached as a marker, from summary.json.</summary>
    private static ChartMarks? ReturnMarks(JsonElement? summary, string solvedAtKey)
    {
        if (summary is not { ValueKind: JsonValueKind.Object } s)
        {
            return null;
        }

        var levels = Number(s, "solve_threshold") is { } threshold ? new[] { new ChartLevel(threshold, Invariant($"threshold {threshold:0.##}")) } : [];
        var markers = Number(s, solvedAtKey) is { } at ? new[] { new ChartMarker(at, "solved") } : [];
        return new ChartMarks(levels, markers);
    }

    private static double? Number(JsonElement summary, string key) =>
        summary.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>The summary's figures in words a reader needs no glossary for; each line's label, then how to show its value.</summary>
    private static readonly (string Key, string Label, Func<JsonElement, string> Show)[] SummaryRows =
    [
        ("env", "environment", v => v.ToString()),
        ("solved", "solved", v => v.ValueKind == JsonValueKind.True ? "yes" : "no"),
        ("solve_threshold", "solve threshold (mean of the last 100 greedy episodes)", v => Invariant($"{v.GetDouble():#,0.###}")),
        ("solved_at_seconds", "solved after", v => Invariant($"{v.GetDouble():#,0.0} s")),
        ("solved_at_env_steps", "solved at", v => Invariant($"{v.GetDouble():#,0} env steps")),
        ("eval_mean_return_100", "greedy mean return, last 100 episodes", v => Invariant($"{v.GetDouble():#,0.##}")),
        ("env_steps", "env steps", v => Invariant($"{v.GetDouble():#,0}")),
        ("updates", "learner updates", v => Invariant($"{v.GetDouble():#,0}")),
        ("wall_seconds", "wall time", v => Invariant($"{v.GetDouble():#,0.0} s")),
        ("env_steps_per_second", "collection speed", v => Invariant($"{v.GetDouble():#,0} env steps/s")),
        ("updates_per_second", "learning speed", v => Invariant($"{v.GetDouble():#,0} updates/s")),
        ("device", "learner device", v => v.ToString()),
        ("stop_reason", "stopped by", v => v.ToString()),
        ("error", "error", v => v.ToString()),
    ];

    private static void AppendSummary(StringBuilder page, JsonElement? summary)
    {
        if (summary is not { ValueKind: JsonValueKind.Object } s)
        {
            page.Append("<p>No summary.json: the run may still be going, or it was killed.</p>");
            return;
        }

        page.Append("<table><tr><th>figure</th><th>value</th></tr>");
        foreach (var (key, label, show) in SummaryRows)
        {
            if (s.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                var text = value.ValueKind == JsonValueKind.Number || key is "env" or "solved" or "stop_reason" or "error" ? show(value) : value.ToString();
                page.Append("<tr><td>").Append(Escape(label)).Append("</td><td>").Append(Escape(text)).Append("</td></tr>");
            }
        }

        page.Append("</table>");
    }

    /// <summary>
    /// Busy time per phase and, per role, the rest of the wall time as waiting: actors held back by the
    /// replay's rate limiter, or a learner starved of samples, show up there.
    /// </summary>
    private static void AppendPhaseTable(StringBuilder page, MetricsSeries m, int? envActors)
    {
        page.Append("<h2>Where time went (measured by every actor, whole run)</h2>");
        if (Phases.All(p => !double.IsFinite(m.Last(p.Column))))
        {
            page.Append("<p>This run's metrics.csv has no phase times (written by an older Flock).</p>");
            return;
        }

        page.Append("<table><tr><th>role</th><th>phase</th><th>seconds (all actors)</th><th>share of role</th><th></th></tr>");
        var wall = Finite(m.Last(MetricsColumns.ElapsedSeconds));
        foreach (var role in Phases.GroupBy(p => p.Role))
        {
            var rows = role.Select(p => (p.Phase, Seconds: Finite(m.Last(p.Column)))).ToList();
            int? actors = role.Key == "env" ? envActors : 1;
            if (actors is { } n && wall * n > rows.Sum(r => r.Seconds))
            {
                rows.Add(("waiting (idle, held back, or starved)", (wall * n) - rows.Sum(r => r.Seconds)));
            }

            var total = rows.Sum(r => r.Seconds);
            foreach (var (phase, value) in rows)
            {
                var share = total > 0 ? value / total : 0;
                page.Append(Invariant($"<tr><td>{role.Key}</td><td>{Escape(phase)}</td><td>{value:0.###}</td><td>{share:P1}</td><td><span class=\"bar\" style=\"width:{share * 200:0}px\"></span></td></tr>"));
            }
        }

        page.Append("</table>");
    }

    private static void AppendTraceTable(StringBuilder page, TraceProfile trace, string? timelineFile)
    {
        page.Append("<h2>Where time went (from the trace)</h2>");
        page.Append(Invariant($"<p>{trace.Spans.Count:N0} sampled spans. Self time excludes nested spans; shares are within each role."));
        if (timelineFile is not null)
        {
            page.Append(" Timeline: <a href=\"").Append(Escape(timelineFile)).Append("\">").Append(Escape(timelineFile)).Append("</a>.");
        }

        page.Append("</p><table><tr><th>role</th><th>span</th><th>count</th><th>total ms</th><th>self ms</th><th>mean µs</th><th>share of role (self)</th><th></th></tr>");
        var times = trace.TimeByRole();
        foreach (var role in times.GroupBy(t => t.Role))
        {
            var total = role.Sum(t => t.SelfMicros);
            foreach (var t in role)
            {
                var share = total > 0 ? t.SelfMicros / total : 0;
                page.Append(Invariant($"<tr><td>{Escape(t.Role)}</td><td>{Escape(t.Name)}</td><td>{t.Count:N0}</td><td>{t.TotalMicros / 1000:0.##}</td><td>{t.SelfMicros / 1000:0.##}</td><td>{t.TotalMicros / t.Count:0.#}</td><td>{share:P1}</td><td><span class=\"bar\" style=\"width:{share * 200:0}px\"></span></td></tr>"));
            }
        }

        page.Append("</table>");
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
