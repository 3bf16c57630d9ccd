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
        Assert.False(Flock.Shared.Telemetry.FlockTelemetry.Source.HasListeners());
    }
}
