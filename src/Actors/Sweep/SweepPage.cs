using System.Globalization;
using System.Net;
using System.Text;
using Flock.Actors.Report;
using Flock.Actors.Run;

namespace Flock.Actors.Sweep;

/// <summary>
/// Renders <c>sweep.html</c>, self-contained like <c>report.html</c>: eval return against env steps for every
/// trial (inline SVG, one wide chart with the rungs marked; pruned, stopped and failed trials dashed and paler but
/// visible, drawn under the others) and the results table in rank order.
/// </summary>
public static class SweepPage
{
    /// <param name="title">The page title.</param>
    /// <param name="ranked">The trials, best first.</param>
    /// <param name="curves">Each trial's metrics (from its run directory), by trial number; absent when it wrote none.</param>
    /// <param name="parameters">The swept knob names, one table column each.</param>
    /// <param name="subtitle">One line on what was swept and how.</param>
    /// <param name="rungs">The rungs' env steps, marked on the chart.</param>
    public static string Render(string title, string subtitle, IReadOnlyList<TrialResult> ranked, IReadOnlyDictionary<int, MetricsSeries> curves, IReadOnlyList<string> parameters, IReadOnlyList<long>? rungs = null)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Escape(title)).Append("</title><style>")
            .Append(ReportStyle.Css).Append("</style></head><body>");
        page.Append("<h1>").Append(Escape(title)).Append("</h1><div class=\"sub\">").Append(Escape(subtitle)).Append("</div>");

        var series = ranked
            .Where(r => curves.ContainsKey(r.Trial))
            .OrderBy(r => r.Trial)
            .Select(r => new ChartSeries(
                $"trial {r.Trial}",
                ReportStyle.Palette[(r.Trial - 1) % ReportStyle.Palette.Length],
                curves[r.Trial].Get(MetricsColumns.EvalMeanReturn100) ?? [],
                curves[r.Trial].Get(MetricsColumns.EnvSteps),
                Faded: r.Status is not (TrialStatus.Completed or TrialStatus.Solved)))
            .ToArray();
        page.Append("<h2>Eval return (mean of the last ≤ 100 greedy episodes)</h2><div class=\"charts\">")
            .Append(SvgLineChart.Render("eval return vs env steps", "env steps", [], series, Marks(rungs), WideChart))
            .Append("</div>");

        page.Append("<h2>Trials, best first</h2><table><tr><th>rank</th><th>trial</th>");
        foreach (var name in parameters)
        {
            page.Append("<th>").Append(Escape(name)).Append("</th>");
        }

        page.Append("<th>status</th><th>env steps</th><th>eval mean</th><th>solved at env steps</th><th>wall s</th><th>run directory</th></tr>");
        for (var i = 0; i < ranked.Count; i++)
        {
            var r = ranked[i];
            page.Append(r.Status is TrialStatus.Completed or TrialStatus.Solved ? "<tr>" : "<tr class=\"faded\">")
                .Append(Invariant($"<td>{i + 1}</td><td>{r.Trial}</td>"));
            foreach (var name in parameters)
            {
                page.Append("<td>").Append(Escape(r.Plan.Settings.FirstOrDefault(s => s.Param.Name == name).Value?.Text ?? "")).Append("</td>");
            }

            page.Append("<td>").Append(Escape(r.Status)).Append("</td>")
                .Append(Invariant($"<td>{r.EnvSteps:N0}</td><td>{(r.EvalMeanReturn100 is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "–")}</td>"))
                .Append(Invariant($"<td>{(r.SolvedAtEnvSteps is { } s ? s.ToString("N0", CultureInfo.InvariantCulture) : "–")}</td><td>{r.WallSeconds:0.0}</td>"))
                .Append("<td>").Append(Escape(r.RunDir is null ? "" : Path.GetFileName(r.RunDir))).Append("</td></tr>");
        }

        page.Append("</table></body></html>");
        return page.ToString();
    }

    /// <summary>One chart for every trial: as wide as a laptop screen allows, legend aside.</summary>
    private const double WideChart = 920;

    private static ChartMarks? Marks(IReadOnlyList<long>? rungs) => rungs is { Count: > 0 }
        ? new ChartMarks(Markers: [.. rungs.Select((r, i) => new ChartMarker(r, $"rung {i + 1}"))])
        : null;

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
