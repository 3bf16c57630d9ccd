using System.Text.RegularExpressions;
using Flock.Actors.Report;

namespace Flock.Actors.Tests.Report;

public sealed class SvgLineChartTests
{
    [Fact]
    public void A_missing_value_breaks_the_curve_into_two_pieces()
    {
        var svg = SvgLineChart.Render("t", "x", [0, 1, 2, 3, 4], [new ChartSeries("s", "#000", [1, 2, double.NaN, 4, 5])]);
        var d = Regex.Match(svg, "<path class=\"series\" data-series=\"s\" d=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(2, d.Count(c => c == 'M'));
        Assert.Equal(2, d.Count(c => c == 'L'));
    }

    [Fact]
    public void A_series_without_values_draws_no_curve_and_says_so()
    {
        var svg = SvgLineChart.Render("t", "x", [0, 1], [new ChartSeries("s", "#000", [double.NaN, double.NaN])]);
        Assert.DoesNotContain("<path", svg);
        Assert.Contains("no data recorded", svg);
    }

    [Fact]
    public void Series_with_x_values_of_their_own_share_one_x_axis_and_a_faded_one_is_marked()
    {
        // Two trials sampled at different env steps: the axis spans both, each curve keeps its own points.
        var svg = SvgLineChart.Render("t", "env steps", [], [
            new ChartSeries("short", "#000", [1, 2], X: [0, 1000]),
            new ChartSeries("long", "#111", [1, 2, 3], X: [0, 5000, 10_000], Faded: true)]);
        var shortPath = Regex.Match(svg, "<path class=\"series\" data-series=\"short\" d=\"([^\"]+)\"").Groups[1].Value;
        var longPath = Regex.Match(svg, "<path class=\"series faded\" data-series=\"long\" d=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(1, shortPath.Count(c => c == 'L'));
        Assert.Equal(2, longPath.Count(c => c == 'L'));
        double LastX(string d) => double.Parse(Regex.Matches(d, "L([0-9.]+) [0-9.]+").Last().Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // The short one ends a tenth of the way along the plot (58 px left margin, 390 px wide), the long one at its end.
        Assert.Equal(58 + 39, LastX(shortPath), 0.5);
        Assert.Equal(58 + 390, LastX(longPath), 0.5);
        Assert.Contains("class=\"legend faded\"", svg);
    }

    [Fact]
    public void Curves_stay_inside_the_plot_area()
    {
        var svg = SvgLineChart.Render("t", "x", [10, 20, 30], [new ChartSeries("a", "#000", [-3, 7, 100]), new ChartSeries("b", "#111", [0, 0, 1])]);
        var numbers = Regex.Matches(svg, "d=\"([^\"]+)\"").SelectMany(m => Regex.Matches(m.Groups[1].Value, "-?[0-9.]+").Select(n => double.Parse(n.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(numbers, n => Assert.InRange(n, 0, 460));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-7.3, 512)]
    [InlineData(1e-4, 3e-4)]
    [InlineData(12_345, 2_000_000)]
    public void Ticks_cover_the_range_in_round_steps(double min, double max)
    {
        var ticks = SvgLineChart.NiceTicks(min, max);
        Assert.True(ticks[0] <= min && ticks[^1] >= max, string.Join(", ", ticks));
        Assert.InRange(ticks.Length, 3, 12);
        var step = ticks[1] - ticks[0];
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 5.0 });
    }

    [Fact]
    public void The_legend_sits_right_of_the_plot_never_on_the_data()
    {
        var svg = SvgLineChart.Render("t", "x", [0, 1, 2], [new ChartSeries("train", "#111", [5, 400, 500]), new ChartSeries("eval", "#222", [1, 2, 3])]);

        var plot = Regex.Match(svg, "<rect x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\"");
        var plotRight = double.Parse(plot.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + double.Parse(plot.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var legendXs = Regex.Matches(svg, "<text x=\"([0-9.]+)\"[^>]*class=\"legend").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, legendXs.Length);
        Assert.All(legendXs, x => Assert.True(x > plotRight, $"legend at {x}, plot ends at {plotRight}"));
    }

    [Fact]
    public void A_threshold_is_a_labelled_line_the_axis_reaches_and_a_marker_labels_its_moment()
    {
        var svg = SvgLineChart.Render("t", "env steps", [0, 100, 200], [new ChartSeries("eval", "#111", [10, 20, 30])],
            new ChartMarks([new ChartLevel(475, "threshold 475")], [new ChartMarker(150, "solved"), new ChartMarker(1_000, "off the chart")]));

        Assert.Contains("class=\"level\"", svg);
        Assert.Contains(">threshold 475<", svg);
        Assert.Contains(">500<", svg);                        // the y axis rose to show the threshold
        Assert.Single(Regex.Matches(svg, "class=\"marker\""));
        Assert.Contains(">solved<", svg);
        Assert.DoesNotContain("off the chart", svg);
    }
}
