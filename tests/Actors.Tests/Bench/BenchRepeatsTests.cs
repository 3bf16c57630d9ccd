using Flock.Actors.Bench;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Actors.Tests.Bench;

public sealed class BenchRepeatsTests
{
    private static readonly Gen<double[]> Samples =
        Gen.Choose(-1_000_000, 1_000_000).Select(n => n / 100.0).ArrayOf().Where(a => a.Length > 0);

    [Fact]
    public void The_median_lies_within_the_range_and_the_range_is_the_extremes()
    {
        Prop.ForAll(Samples.ToArbitrary(), values =>
        {
            var figure = FigureRange.Of(values);
            return figure.Min == values.Min() && figure.Max == values.Max()
                && figure.Min <= figure.Median && figure.Median <= figure.Max
                && figure.Samples == values.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_median_splits_the_samples_in_halves_whatever_their_order()
    {
        Prop.ForAll(Samples.ToArbitrary(), values =>
        {
            var median = FigureRange.Of(values).Median;
            var reversed = FigureRange.Of(values.Reverse()).Median;
            return median == reversed
                && values.Count(v => v < median) <= values.Length / 2
                && values.Count(v => v > median) <= values.Length / 2;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Repeats_that_measured_nothing_are_left_out_and_a_figure_none_measured_is_untrusted()
    {
        var figure = FigureRange.Of([double.NaN, 4, double.PositiveInfinity, 2]);
        Assert.Equal((3.0, 2.0, 4.0, 2), (figure.Median, figure.Min, figure.Max, figure.Samples));

        var nothing = FigureRange.Of([double.NaN, double.NaN]);
        Assert.Equal(0, nothing.Samples);
        Assert.False(nothing.IsTrusted);
    }

    [Fact]
    public void Json_holds_the_median_under_the_plain_key_with_min_and_max_beside_it_and_settings_once()
    {
        var repeats = new[] { 10.0, 30.0, 20.0 }.Select((rate, i) => (IReadOnlyDictionary<string, object>)new Dictionary<string, object>
        {
            ["actors"] = 2,
            ["steps_per_second"] = rate,
            ["memory_mb"] = 7.0,
        }).ToList();

        var flat = BenchRepeats.Summarize(repeats).ToFlat();

        Assert.Equal(20.0, flat["steps_per_second"]);
        Assert.Equal(10.0, flat["steps_per_second_min"]);
        Assert.Equal(30.0, flat["steps_per_second_max"]);
        Assert.Equal(7.0, flat["memory_mb_min"]);
        Assert.Equal(2, flat["actors"]);
        Assert.False(flat.ContainsKey("actors_min"));
        Assert.Equal(3, flat["repeats"]);
        Assert.Equal(["steps_per_second"], (string[])flat["wide_spread"]);
    }

    [Fact]
    public void A_spread_wider_than_a_fifth_of_the_median_is_flagged_and_a_narrow_one_is_not()
    {
        static RepeatedFigures Of(params double[] rates) => BenchRepeats.Summarize(
            rates.Select(r => (IReadOnlyDictionary<string, object>)new Dictionary<string, object> { ["rate"] = r }).ToList());

        Assert.Null(Of(100, 105, 110).Warning());
        var wide = Of(100, 80, 130);
        Assert.Contains("too wide to trust", wide.Warning(), StringComparison.Ordinal);
        Assert.Contains("rate", wide.Warning(), StringComparison.Ordinal);
        Assert.Contains(wide.ToLines(), line => line.StartsWith("rate", StringComparison.Ordinal) && line.Contains("80 – 130", StringComparison.Ordinal));
        Assert.Contains("one repeat has no spread", Of(100).Warning(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_runs_the_bench_the_given_number_of_times()
    {
        var calls = 0;
        var figures = BenchRepeats.Run(
            _ => new Dictionary<string, object> { ["calls"] = (double)++calls },
            new BenchOptions(0.01, TextWriter.Null, Repeats: 4));

        Assert.Equal(4, calls);
        Assert.Equal((2.5, 1.0, 4.0), (figures.Figures["calls"].Median, figures.Figures["calls"].Min, figures.Figures["calls"].Max));
    }
}
