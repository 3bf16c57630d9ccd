using System.Globalization;
using System.Net;
using System.Text;

namespace Flock.Actors.Report;

/// <summary>
/// A self-contained trace viewer page (<c>trace.html</c>): one lane per actor track, grouped by role, nested
/// spans stacked by depth, a millisecond axis and a tooltip per span with its ids and attributes, over a
/// window of the run (full traces hold far more spans than a page can draw): the earliest window that shows
/// the most kinds of span, so a sparsely sampled trace still shows every role at work.
/// </summary>
public static class TimelinePage
{
    private const double Width = 1360;
    private const double LabelWidth = 120;
    private const double RowHeight = 20;
    private const double AxisHeight = 28;

    public static string Render(TraceProfile profile, string title, double windowMillis)
    {
        var (start, end) = Window(profile, windowMillis * 1000);
        var inWindow = profile.Spans.Where(s => s.End > start && s.Start < end).ToList();
        var names = profile.Spans.Select(s => s.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var colors = names.Select((n, i) => (n, ReportStyle.Palette[i % ReportStyle.Palette.Length])).ToDictionary(p => p.n, p => p.Item2);
        var tracks = profile.Spans.GroupBy(s => (s.Role, s.Actor))
            .Select(g => (g.Key.Role, g.Key.Actor, Depth: g.Max(s => s.Depth)))
            .OrderBy(t => RoleOrder(t.Role)).ThenBy(t => t.Actor, StringComparer.Ordinal).ToList();
        var height = AxisHeight + tracks.Sum(t => (t.Depth + 1) * RowHeight + 6) + 10;
        double Px(double micros) => LabelWidth + ((Math.Clamp(micros, start, end) - start) / (end - start) * (Width - LabelWidth - 10));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\">"));
        var step = Step((end - start) / 1000);
        for (var ms = Math.Ceiling(start / 1000 / step) * step; ms * 1000 <= end; ms += step)
        {
            var x = Px(ms * 1000);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{AxisHeight - 6}\" y2=\"{height}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{AxisHeight - 10}\" text-anchor=\"middle\" class=\"tick\">{ms:0.##} ms</text>"));
        }

        var y = AxisHeight;
        foreach (var track in tracks)
        {
            var laneHeight = (track.Depth + 1) * RowHeight;
            svg.Append(Invariant($"<rect x=\"0\" y=\"{y}\" width=\"{Width}\" height=\"{laneHeight + 4}\" fill=\"{(RoleOrder(track.Role) % 2 == 0 ? "#f7f9fc" : "#fdfaf5")}\"/>"));
            svg.Append(Invariant($"<text x=\"6\" y=\"{y + 12}\" class=\"lane\">{Escape(track.Role)} / {Escape(track.Actor)}</text>"));
            foreach (var span in inWindow.Where(s => s.Role == track.Role && s.Actor == track.Actor))
            {
                var x0 = Px(span.Start);
                var w = Math.Max(0.8, Px(span.End) - x0);
                var top = y + 2 + (span.Depth * RowHeight);
                svg.Append(Invariant($"<rect class=\"span\" data-name=\"{Escape(span.Name)}\" x=\"{x0:0.##}\" y=\"{top}\" width=\"{w:0.##}\" height=\"{RowHeight - 2}\" fill=\"{colors[span.Name]}\"><title>{Escape(span.Tooltip)}</title></rect>"));
                var label = span.Name.StartsWith("flock.", StringComparison.Ordinal) ? span.Name[6..] : span.Name;
                if (w > label.Length * 5.5)
                {
                    svg.Append(Invariant($"<text x=\"{x0 + 3:0.##}\" y=\"{top + 13}\" class=\"span-label\">{Escape(label)}</text>"));
                }
            }

            y += laneHeight + 6;
        }

        svg.Append("</svg>");
        var legend = string.Concat(names.Select(n => $"<span style=\"margin-right:14px\"><span class=\"bar\" style=\"width:14px;background:{colors[n]}\"></span> {Escape(n)}</span>"));
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Escape(title)).Append("</title><style>").Append(ReportStyle.Css).Append("</style></head><body>");
        page.Append("<h1>").Append(Escape(title)).Append("</h1>");
        page.Append(Invariant($"<div class=\"sub\">{inWindow.Count:N0} of {profile.Spans.Count:N0} spans, {(end - start) / 1000:0.#} ms from {start / 1000:0.#} ms; one lane per actor, nested spans below their parent; hover a span for its ids and attributes. The same file opens in Perfetto UI and chrome://tracing.</div>"));
        page.Append("<div style=\"font-size:12px;margin-bottom:8px\">").Append(legend).Append("</div>");
        page.Append(svg).Append("</body></html>");
        return page.ToString();
    }

    /// <summary>Slides a window of the given length over the span starts; keeps the one with the most distinct names, then the most spans.</summary>
    internal static (double Start, double End) Window(TraceProfile profile, double micros)
    {
        var spans = profile.Spans.OrderBy(s => s.Start).ToArray();
        if (spans.Length == 0)
        {
            return (0, micros);
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var (bestStart, bestNames, bestSpans) = (spans[0].Start, 0, 0);
        var end = 0;
        for (var first = 0; first < spans.Length; first++)
        {
            while (end < spans.Length && spans[end].Start < spans[first].Start + micros)
            {
                counts[spans[end].Name] = counts.GetValueOrDefault(spans[end].Name) + 1;
                end++;
            }

            if (counts.Count > bestNames || (counts.Count == bestNames && end - first > bestSpans))
            {
                (bestStart, bestNames, bestSpans) = (spans[first].Start, counts.Count, end - first);
            }

            if (--counts[spans[first].Name] == 0)
            {
                counts.Remove(spans[first].Name);
            }
        }

        // A little room before the first span, so it does not sit on the lane labels' edge.
        var start = bestStart - (micros * 0.02);
        return (start, start + micros);
    }

    private static double Step(double millis)
    {
        var raw = millis / 10;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var n = raw / magnitude;
        return magnitude * (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10);
    }

    private static int RoleOrder(string role) => role switch
    {
        "env" => 0,
        "replay" => 1,
        "learner" => 2,
        "evaluator" => 3,
        _ => 4,
    };

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
