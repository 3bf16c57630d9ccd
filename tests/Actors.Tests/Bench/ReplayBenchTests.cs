using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Bench;

public sealed class ReplayBenchTests
{
    [Fact]
    public void Every_figure_is_reported_as_a_positive_finite_double()
    {
        var result = ReplayBench.Run(new BenchOptions(0.05, TextWriter.Null), capacity: 8192);
        string[] keys = ["add_per_second", "sample_512_microseconds", "update_512_microseconds", "memory_mb"];
        Assert.Equal(keys.Order(), result.Keys.Order());
        foreach (var key in keys)
        {
            var value = Assert.IsType<double>(result[key]);
            Assert.True(double.IsFinite(value) && value > 0, $"{key} = {value}");
        }
    }
}
