using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Telemetry;

[Collection(ActivityListenerCollection.Name)]
public sealed class CollectorTracingBenchTests
{
    [Fact]
    public void The_tracing_overhead_variant_reports_both_rates_and_the_overhead_with_its_interval_and_leaves_no_listener_behind()
    {
        // Segments of 50 ms: long enough for the process's CPU clock (10 ms steps) to see each one.
        var results = CollectorBench.Run(new BenchOptions(0.2, TextWriter.Null, TracingOverhead: true));

        var untraced = (double)results["network_4_64_64_2.untraced.transitions_per_second"];
        var traced = (double)results["network_4_64_64_2.traced.transitions_per_second"];
        Assert.True(untraced > 0 && traced > 0, $"untraced {untraced}, traced {traced}");
        var overhead = (double)results["tracing_overhead_percent"];
        Assert.InRange(overhead, (double)results["tracing_overhead_percent_ci95_low"], (double)results["tracing_overhead_percent_ci95_high"]);
        var cpuOverhead = (double)results["tracing_cpu_overhead_percent"];
        Assert.InRange(cpuOverhead, (double)results["tracing_cpu_overhead_percent_ci95_low"], (double)results["tracing_cpu_overhead_percent_ci95_high"]);
        Assert.True((double)results["network_4_64_64_2.untraced.cpu_ns_per_transition"] > 0);
        Assert.Equal(0.01, (double)results["trace_sample_ratio"]);
        Assert.Equal(20, (int)results["tracing_overhead.pairs"]);
        Assert.InRange((double)results["tracing_overhead.pairs_used"], 1, 20);
        Assert.True((double)results["tracing_span_sites_ns_per_batch"] > 0);
        Assert.True((double)results["tracing_span_sites_percent_of_batch"] > 0);
        Assert.False(Flock.Shared.Telemetry.FlockTelemetry.Source.HasListeners());
    }

    [Fact]
    public void The_bootstrap_interval_brackets_the_mean_and_narrows_with_more_pairs()
    {
        var few = new double[] { -4, 6, 1, 3, -2, 5, 0, 2 };
        var many = Enumerable.Repeat(few, 16).SelectMany(v => v).ToArray();
        var (fewLow, fewHigh) = CollectorTracingOverhead.BootstrapMeanInterval(few);
        var (manyLow, manyHigh) = CollectorTracingOverhead.BootstrapMeanInterval(many);

        Assert.InRange(few.Average(), fewLow, fewHigh);
        Assert.InRange(many.Average(), manyLow, manyHigh);
        Assert.True(fewLow < fewHigh);
        Assert.True(manyHigh - manyLow < (fewHigh - fewLow) / 2, $"[{manyLow}, {manyHigh}] vs [{fewLow}, {fewHigh}]");
        Assert.Equal((5.0, 5.0), CollectorTracingOverhead.BootstrapMeanInterval([5, 5, 5]));
        Assert.True(double.IsNaN(CollectorTracingOverhead.BootstrapMeanInterval([]).Low));
    }
}
