using System.Diagnostics;
using Flock.Actors.Telemetry;
using Flock.Shared.Configuration;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Bench;

/// <summary>
/// What tracing at the default sample ratio costs the collector (network policy). Untraced and traced runs
/// come in adjacent pairs, in ABBA order, so slow drift of a shared machine hits both halves of a pair
/// alike; the overhead is the median over the pairs, so a burst of someone else's work during one run does
/// not decide the figure. The traced runs export to a Chrome trace file, a real exporter. Throughput on a
/// machine shared with other work depends mostly on the CPU share the process gets, so the same pairs also
/// give the process's CPU time per transition, which other processes disturb far less; and the span sites
/// of one batch (the actor's three spans and the replay's insert) are timed alone in a tight loop, whose
/// cost per batch against the CPU time per batch gives a third, steady estimate.
/// </summary>
internal static class CollectorTracingOverhead
{
    private const int Pairs = 8;
    private const int SpanLoopBatches = 100_000;

    public static void Measure(BenchOptions options, int actors, Dictionary<string, object> results)
    {
        var ratio = new RunConfig().TraceSampleRatio;
        var traceFile = Path.Combine(Path.GetTempPath(), $"flock-bench-trace-{Environment.ProcessId}.json");
        var untraced = new (double Rate, double Cpu)[Pairs];
        var traced = new (double Rate, double Cpu)[Pairs];
        try
        {
            for (var pair = 0; pair < Pairs; pair++)
            {
                options.Progress.WriteLine($"bench collector: tracing overhead pair {pair + 1}/{Pairs} (sample ratio {ratio})");
                if (pair % 2 == 0)
                {
                    untraced[pair] = MeasureOnce(options.Seconds, actors, null, ratio);
                    traced[pair] = MeasureOnce(options.Seconds, actors, traceFile, ratio);
                }
                else
                {
                    traced[pair] = MeasureOnce(options.Seconds, actors, traceFile, ratio);
                    untraced[pair] = MeasureOnce(options.Seconds, actors, null, ratio);
                }
            }
        }
        finally
        {
            File.Delete(traceFile);
        }

        var spanCost = SpanSitesNanosPerBatch(traceFile, ratio);
        File.Delete(traceFile);
        var overheads = untraced.Zip(traced, (u, t) => 100 * (u.Rate - t.Rate) / u.Rate).Order().ToArray();
        var cpuOverheads = untraced.Zip(traced, (u, t) => 100 * (t.Cpu - u.Cpu) / u.Cpu).Order().ToArray();
        var untracedCpu = Median(untraced.Select(u => u.Cpu).Order().ToArray());
        results["trace_sample_ratio"] = ratio;
        results["network_4_64_64_2.untraced.transitions_per_second"] = untraced.Average(u => u.Rate);
        results["network_4_64_64_2.traced.transitions_per_second"] = traced.Average(t => t.Rate);
        results["tracing_overhead_percent"] = Median(overheads);
        results["tracing_overhead_percent.min"] = overheads[0];
        results["tracing_overhead_percent.max"] = overheads[^1];
        results["network_4_64_64_2.untraced.cpu_ns_per_transition"] = untracedCpu;
        results["network_4_64_64_2.traced.cpu_ns_per_transition"] = Median(traced.Select(t => t.Cpu).Order().ToArray());
        results["tracing_cpu_overhead_percent"] = Median(cpuOverheads);
        results["tracing_span_sites_ns_per_batch"] = spanCost;
        results["tracing_overhead_percent_estimate"] = 100 * spanCost / (CollectorBench.SendBatchSize * untracedCpu);
    }

    private static double Median(double[] sorted) => (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;

    /// <summary>The span sites one batch passes through, with the same tags, timed in a loop with tracing on.</summary>
    private static double SpanSitesNanosPerBatch(string traceFile, double ratio)
    {
        using (TelemetrySession.Start(traceFile, otlpEndpoint: null, ratio, TimeSpan.FromSeconds(1), "flock-bench"))
        {
            OneBatchOfSpans(SpanLoopBatches / 10);
            var clock = Stopwatch.StartNew();
            OneBatchOfSpans(SpanLoopBatches);
            return clock.Elapsed.TotalNanoseconds / SpanLoopBatches;
        }
    }

    private static void OneBatchOfSpans(int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            ActivityContext trace;
            using (var slice = FlockSpans.Start(SpanNames.EnvStepBatch, "env", "env-0"))
            {
                using (var inference = FlockSpans.Start(SpanNames.EnvInference, "env", "env-0"))
                {
                    inference.Tag(TagNames.BatchSize, CollectorBench.SendBatchSize);
                }

                using (var send = FlockSpans.Start(SpanNames.ActorSend, "env", "env-0"))
                {
                    send.Tag(TagNames.BatchSize, CollectorBench.SendBatchSize);
                }

                slice.Tag(TagNames.ActorId, 0);
                slice.Tag(TagNames.VectorSteps, 8);
                slice.Tag(TagNames.WeightsVersion, i);
                trace = FlockSpans.ContextOf(slice);
            }

            using var insert = FlockSpans.Start(SpanNames.ReplayInsert, "replay", "replay", trace);
            insert.Tag(TagNames.BatchSize, CollectorBench.SendBatchSize);
            insert.Tag(TagNames.ReplaySize, i);
        }
    }

    private static (double Rate, double Cpu) MeasureOnce(double seconds, int actors, string? traceFile, double ratio)
    {
        // The previous run's replay (a million rows) must not be collected during this one.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using (TelemetrySession.Start(traceFile, otlpEndpoint: null, ratio, TimeSpan.FromSeconds(1), "flock-bench"))
        {
            var (rate, _, cpu) = CollectorBench.Measure(randomPolicy: false, actors, seconds).GetAwaiter().GetResult();
            return (rate, cpu);
        }
    }
}
