using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Bench;

public sealed class ActorsBenchTests
{
    [Fact]
    public void Every_figure_is_reported_with_its_range_as_a_positive_finite_double()
    {
        var result = ActorsBench.Run(new BenchOptions(0.05, TextWriter.Null));
        string[] figures =
        [
            "tell.default_dispatcher.messages_per_second", "tell.dedicated_dispatcher.messages_per_second",
            "ask.default_dispatcher.round_trip_p50_us", "ask.default_dispatcher.round_trip_p99_us",
            "ask.dedicated_dispatcher.round_trip_p50_us", "ask.dedicated_dispatcher.round_trip_p99_us", "system.start_ms", "system.stop_ms",
        ];
        Assert.Equal(figures.SelectMany(f => new[] { f, f + "_min", f + "_max" }).Append("repeats").Order(), result.Keys.Order());
        foreach (var figure in figures)
        {
            var (median, min, max) = ((double)result[figure], (double)result[figure + "_min"], (double)result[figure + "_max"]);
            Assert.True(double.IsFinite(median) && median > 0, $"{figure} = {median}");
            Assert.True(min <= median && median <= max, $"{figure}: {min} ≤ {median} ≤ {max}");
        }
    }
}
