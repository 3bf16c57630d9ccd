using Flock.Actors.Bench;
using Flock.Environments;

namespace Flock.Actors.Tests.Bench;

public sealed class EnvBenchTests
{
    [Fact]
    public void Every_built_in_environment_reports_raw_and_vector_speeds()
    {
        var progress = new StringWriter();
        var results = EnvBench.Run(new BenchOptions(0.02, progress));

        var expectedKeys = BuiltInEnvironments.Ids.SelectMany(id => new[] { $"{id}.raw", $"{id}.vector64" }).ToHashSet();
        Assert.Equal(expectedKeys, results.Keys.ToHashSet());
        foreach (var (key, value) in results)
        {
            var stepsPerSecond = Assert.IsType<double>(value);
            Assert.True(double.IsFinite(stepsPerSecond) && stepsPerSecond > 0, $"{key} = {stepsPerSecond}");
        }

        Assert.Contains("CartPole-v1.vector64", progress.ToString());
    }
}
