using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Bench;

public sealed class LearnerBenchTests
{
    [Fact]
    public void Reports_positive_finite_rates_for_both_networks()
    {
        var progress = new StringWriter();
        var results = LearnerBench.Run(new BenchOptions(0.05, progress));

        foreach (var network in new[] { "mlp_4_256_256_2", "mlp_4_64_64_2" })
        {
            foreach (var key in new[] { "single_thread.updates_per_second", "all_cores.updates_per_second", "forward_obs_per_second" })
            {
                var name = $"{network}.{key}";
                Assert.True(results.ContainsKey(name), $"missing {name}");
                var value = Convert.ToDouble(results[name], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(double.IsFinite(value) && value > 0, $"{name} = {value}");
            }
        }

        foreach (var batch in new[] { 32, 256 })
        {
            foreach (var pass in new[] { "forward_us", "backward_us" })
            {
                foreach (var algorithm in new[] { "im2col", "direct" })
                {
                    var name = $"conv_algorithms.batch_{batch}.{pass}.{algorithm}";
                    Assert.True(results.ContainsKey(name), $"missing {name}");
                    var value = Convert.ToDouble(results[name], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(double.IsFinite(value) && value > 0, $"{name} = {value}");
                }
            }
        }

        Assert.Contains("updates/s", progress.ToString(), StringComparison.Ordinal);
    }
}
