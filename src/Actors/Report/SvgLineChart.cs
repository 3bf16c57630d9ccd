using System.Globalization;
using System.Net;
using System.Text;

namespace Flock.Actors.Report;

/// <summary>
/// One line of a chart: a name for the legend, its colour, and y values paired with the chart's x, or with its
/// own <paramref name="X"/> when the lines were sampled at different points (a sweep's trials). A
/// <paramref name="Faded"/> line is drawn pale, behind the others' emphasis (a pruned trial).
/// </summary>
public sealed record ChartSeries(string Name, string Color, double[] Y, double[]? X = null, bool Faded = false);

/// <summary>A labelled horizontal line across the plot (a solve threshold); the y axis always reaches it.</summary>
public sealed record ChartLevel(double Y, string Label);

/// <summary>A labelled vertical line at an x value (the moment a run solved, a sweep's rung).</summary>
public sealed record ChartMarker(double X, string Label);

/// <summary>What a chart draws besides its series.</summary>
public sealed record ChartMarks(IReadOnlyList<ChartLevel>? Levels = null, IReadOnlyList<ChartMarker>? Markers = null);

/// <summary>
/// Draws a small line chart as inline SVG (no script, no library): nice ticks on both axes, a legend in a column of
/// its own right of the plot (so it never sits on the data), labelled level lines and markers, and one path per
/// series that breaks where a value is missing (NaN), so gaps in metrics stay visible as gaps.
/// </summary>
public static class SvgLineChart
{
    /// <summary>The plot's width with its axes, legend aside; a page with one wide chart (sweep.html) passes more.</summary>
    public const double DefaultWidth = 460;

    private const double Height = 250;
    private const double Left = 58;
    private const double Right = 12;
    private const double Top = 30;
    private const double Bottom = 38;
    private const double LegendWidth = 112;
    private const double LegendRow = 14;

    public static string Render(string title, string xLabel, double[] x, IReadOnlyList<ChartSeries> series, ChartMarks? marks = null, double plotWidth = DefaultWidth)
    {
        var width = plotWidth;
        var totalWidth = plotWidth + (series.Count > 0 ? LegendWidth : 0);
        var levels = marks?.Levels ?? [];
        var markers = marks?.Markers ?? [];
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {totalWidth} {Height}\" width=\"{totalWidth}\" height=\"{Height}\" role=\"img\">"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"16\" class=\"title\">{Escape(title)}</text>"));
        var (xMin, xMax) = Range([x, .. series.Select(s => s.X ?? [])]);
        var (yMin, yMax) = Range(series.Select(s => s.Y));
        if (double.IsFinite(yMin) && levels.Count > 0)
        {
            (yMin, yMax) = Range([[yMin, yMax, .. levels.Select(l => l.Y)]]);
        }

        if (!double.IsFinite(xMin) || !double.IsFinite(yMin))
        {
            svg.Append(Invariant($"<text x=\"{width / 2}\" y=\"{Height / 2}\" class=\"empty\" text-anchor=\"middle\">no data recorded</text></svg>"));
            return svg.ToString();
        }

        var xTicks = NiceTicks(xMin, xMax);
        var yTicks = NiceTicks(yMin, yMax);
        (xMin, xMax) = (Math.Min(xMin, xTicks[0]), Math.Max(xMax, xTicks[^1]));
        (yMin, yMax) = (Math.Min(yMin, yTicks[0]), Math.Max(yMax, yTicks[^1]));
        double Px(double v) => Left + ((v - xMin) / (xMax - xMin) * (width - Left - Right));
        double Py(double v) => Height - Bottom - ((v - yMin) / (yMax - yMin) * (Height - Top - Bottom));

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{width - Left - Right}\" height=\"{Height - Top - Bottom}\" class=\"plot\"/>"));
        foreach (var t in xTicks)
        {
            svg.Append(Invariant($"<line x1=\"{Px(t):0.#}\" x2=\"{Px(t):0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Px(t):0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" class=\"tick\">{Format(t)}</text>"));
        }

        foreach (var t in yTicks)
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{Py(t):0.#}\" y2=\"{Py(t):0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 5}\" y=\"{Py(t) + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Format(t)}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{(Left + width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" class=\"axis\">{Escape(xLabel)}</text>"));
        foreach (var level in levels)
        {
            var y = Py(level.Y);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"level\"/>"));
            svg.Append(Invariant($"<text x=\"{Left + 4}\" y=\"{y - 3:0.#}\" class=\"mark-label\">{Escape(level.Label)}</text>"));
        }

        foreach (var marker in markers.Where(m => double.IsFinite(m.X) && m.X >= xMin && m.X <= xMax))
        {
            var px = Px(marker.X);
            svg.Append(Invariant($"<line x1=\"{px:0.#}\" x2=\"{px:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"marker\"/>"));
            svg.Append(Invariant($"<text x=\"{px + 3:0.#}\" y=\"{Top + 10}\" class=\"mark-label\">{Escape(marker.Label)}</text>"));
        }

        // Faded series first, so the ones that matter are drawn over them.
        foreach (var line in series.OrderBy(l => !l.Faded))
        {
            var path = PathData(line.X ?? x, line.Y, Px, Py);
            if (path.Length > 0)
            {
                svg.Append(Invariant($"<path class=\"series{(line.Faded ? " faded" : "")}\" data-series=\"{Escape(line.Name)}\" d=\"{path}\" stroke=\"{line.Color}\"/>"));
            }
        }

        // The legend: a column right of the plot, a swatch and a name per series, as many as fit the height.
        var legendX = width + 6;
        var fit = (int)((Height - Top) / LegendRow);
        for (var s = 0; s < series.Count && s < fit; s++)
        {
            var line = series[s];
            var faded = line.Faded ? " faded" : "";
            var y = Top + 10 + (s * LegendRow);
            var name = s == fit - 1 && series.Count > fit ? $"… and {series.Count - s} more" : line.Name;
            svg.Append(Invariant($"<line x1=\"{legendX}\" x2=\"{legendX + 14}\" y1=\"{y - 4}\" y2=\"{y - 4}\" class=\"swatch{faded}\" stroke=\"{line.Color}\"/>"));
            svg.Append(Invariant($"<text x=\"{legendX + 18}\" y=\"{y}\" class=\"legend{faded}\" fill=\"{line.Color}\">{Escape(name)}</text>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>"M x y L x y …", restarting with M after every missing point; a lone point becomes a dot-sized segment.</summary>
    private static string PathData(double[] x, double[] y, Func<double, double> px, Func<double, double> py)
    {
        var d = new StringBuilder();
        var pen = false;
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                pen = false;
                continue;
            }

            var next = i + 1 < Math.Min(x.Length, y.Length) && double.IsFinite(x[i + 1]) && double.IsFinite(y[i + 1]);
            d.Append(Invariant($"{(pen ? 'L' : 'M')}{px(x[i]):0.##} {py(y[i]):0.##} "));
            if (!pen && !next)
            {
                d.Append("l0.5 0 ");
            }

            pen = true;
        }

        return d.ToString().TrimEnd();
    }

    private static (double Min, double Max) Range(IEnumerable<double[]> columns)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var column in columns)
        {
            foreach (var v in column)
            {
                if (double.IsFinite(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }
        }

        if (!double.IsFinite(min))
        {
            return (double.NaN, double.NaN);
        }

        if (min == max)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            return (min - pad, max + pad);
        }

        return (min, max);
    }

    /// <summary>About five ticks at 1, 2 or 5 times a power of ten, covering [min, max].</summary>
    internal static double[] NiceTicks(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var step = magnitude * (normalized < 1.5 ? 1 : normalized < 3.5 ? 2 : normalized < 7.5 ? 5 : 10);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t <= max + (step * 0.5) && ticks.Count < 20; t += step)
        {
            ticks.Add(Math.Round(t / step) * step);
        }

        if (ticks[^1] < max)
        {
            ticks.Add(ticks[^1] + step);
        }

        return [.. ticks];
    }

    private static string Format(double v)
    {
        var a = Math.Abs(v);
        return a >= 1e6 ? Invariant($"{v / 1e6:0.##}M")
            : a >= 1e4 ? Invariant($"{v / 1e3:0.#}k")
            : a >= 100 || a == 0 ? Invariant($"{v:0}")
            : a >= 1 ? Invariant($"{v:0.##}")
            : Invariant($"{v:0.###}");
    }

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
