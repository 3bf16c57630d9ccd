using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Telemetry;

[Collection(ActivityListenerCollection.Name)]
public sealed class CollectorTracingBenchTests
{
    [Fact]
    public void The_traced_variant_reports_both_rates_and_the_overhead_and_leaves_no_listener_behind()
    {
        var results = CollectorBench.Run(new BenchOptions(0.05, TextWriter.Null, Trace: true));

        var untraced = (double)results["network_4_64_64_2.untraced.transitions_per_second"];
        var traced = (double)results["network_4_64_64_2.traced.transitions_per_second"];
        Assert.True(untraced > 0 && traced > 0, $"untraced {untraced}, traced {traced}");
        var overhead = (double)results["tracing_overhead_percent"];
        Assert.InRange(overhead, (double)results["tracing_overhead_percent.min"], (double)results["tracing_overhead_percent.max"]);
        Assert.Equal(0.01, (double)results["trace_sample_ratio"]);
        Assert.True((double)results["network_4_64_64_2.untraced.cpu_ns_per_transition"] > 0);
        Assert.True((double)results["network_4_64_64_2.traced.cpu_ns_per_transition"] > 0);
        Assert.True(double.IsFinite((double)results["tracing_cpu_overhead_percent"]));
        Assert.True((double)results["tracing_span_sites_ns_per_batch"] > 0);
        Assert.True((double)results["tracing_overhead_percent_estimate"] > 0);
        Assert.False(Flock.Shared.Telemetry.FlockTelemetry.Source.HasListeners());
    }
}
