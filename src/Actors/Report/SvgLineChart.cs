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

/// <summary>
/// Draws a small line chart as inline SVG (no script, no library): nice ticks on both axes, a legend, and one
/// path per series that breaks where a value is missing (NaN), so gaps in metrics stay visible as gaps.
/// </summary>
public static class SvgLineChart
{
    private const double Width = 460;
    private const double Height = 250;
    private const double Left = 58;
    private const double Right = 12;
    private const double Top = 30;
    private const double Bottom = 38;

    public static string Render(string title, string xLabel, double[] x, IReadOnlyList<ChartSeries> series)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\">"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"16\" class=\"title\">{Escape(title)}</text>"));
        var (xMin, xMax) = Range([x, .. series.Select(s => s.X ?? [])]);
        var (yMin, yMax) = Range(series.Select(s => s.Y));
        if (!double.IsFinite(xMin) || !double.IsFinite(yMin))
        {
            svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" class=\"empty\" text-anchor=\"middle\">no data recorded</text></svg>"));
            return svg.ToString();
        }

        var xTicks = NiceTicks(xMin, xMax);
        var yTicks = NiceTicks(yMin, yMax);
        (xMin, xMax) = (Math.Min(xMin, xTicks[0]), Math.Max(xMax, xTicks[^1]));
        (yMin, yMax) = (Math.Min(yMin, yTicks[0]), Math.Max(yMax, yTicks[^1]));
        double Px(double v) => Left + ((v - xMin) / (xMax - xMin) * (Width - Left - Right));
        double Py(double v) => Height - Bottom - ((v - yMin) / (yMax - yMin) * (Height - Top - Bottom));

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" class=\"plot\"/>"));
        foreach (var t in xTicks)
        {
            svg.Append(Invariant($"<line x1=\"{Px(t):0.#}\" x2=\"{Px(t):0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Px(t):0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" class=\"tick\">{Format(t)}</text>"));
        }

        foreach (var t in yTicks)
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Py(t):0.#}\" y2=\"{Py(t):0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 5}\" y=\"{Py(t) + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Format(t)}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" class=\"axis\">{Escape(xLabel)}</text>"));
        var legendX = Width - Right - 4;
        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            var path = PathData(line.X ?? x, line.Y, Px, Py);
            var faded = line.Faded ? " faded" : "";
            if (path.Length > 0)
            {
                svg.Append(Invariant($"<path class=\"series{faded}\" data-series=\"{Escape(line.Name)}\" d=\"{path}\" stroke=\"{line.Color}\"/>"));
            }

            svg.Append(Invariant($"<text x=\"{legendX}\" y=\"{Top + 14 + (s * 14)}\" text-anchor=\"end\" class=\"legend{faded}\" fill=\"{line.Color}\">{Escape(line.Name)}</text>"));
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
