using System.Diagnostics;
using Flock.Actors.Telemetry;
using Flock.Shared.Configuration;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Bench;

/// <summary>
/// What tracing at the default sample ratio costs the collector (network policy), measured so that the noise of
/// a shared machine (±7% between whole runs) does not swamp an effect of a few percent: one warm collector runs
/// throughout, and tracing is switched off and on between many short segments in ABBA order (off-on, on-off, …),
/// so each pair of adjacent segments sees the same machine and slow drift cancels within a pair. The overhead is
/// the mean of the pairs' relative differences, with a 95% bootstrap confidence interval over the pairs, both for
/// throughput and for the process's CPU time per transition (on a loaded machine the rate mostly follows the CPU
/// share the process gets; the CPU time per transition is the cost itself). Traced
/// segments export to a Chrome trace file, a real exporter. The span sites of one batch are also timed alone in
/// a tight loop: a steady third view of where the cost would be.
/// </summary>
internal static class CollectorTracingOverhead
{
    private const int Pairs = 20;
    private const int BootstrapResamples = 10_000;
    private const int SpanLoopBatches = 100_000;

    /// <summary>Time after switching tracing on or off before a segment counts: the exporter starts or flushes meanwhile.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    public static void Measure(BenchOptions options, int actors, Dictionary<string, object> results)
    {
        var ratio = new RunConfig().TraceSampleRatio;
        var segment = TimeSpan.FromSeconds(Math.Max(0.02, options.Seconds / 4));
        var traceFile = Path.Combine(Path.GetTempPath(), $"flock-bench-trace-{Environment.ProcessId}.json");
        var untraced = new Segment[Pairs];
        var traced = new Segment[Pairs];
        try
        {
            options.Progress.WriteLine($"bench collector: tracing overhead, {Pairs} pairs of {segment.TotalSeconds:0.###} s segments untraced/traced (sample ratio {ratio})");
            RunSegments(actors, segment, traceFile, ratio, untraced, traced).GetAwaiter().GetResult();
            results["tracing_span_sites_ns_per_batch"] = SpanSitesNanosPerBatch(traceFile, ratio);
        }
        finally
        {
            File.Delete(traceFile);
        }

        // A pair whose segment stored nothing, or whose CPU time fell below the clock's resolution (very short
        // segments), says nothing about the overhead; it is left out rather than turned into NaN or ∞.
        var overheads = untraced.Zip(traced, (u, t) => 100 * (u.Rate - t.Rate) / u.Rate).Where(double.IsFinite).ToArray();
        var cpuOverheads = untraced.Zip(traced, (u, t) => 100 * (t.CpuNanosPerTransition - u.CpuNanosPerTransition) / u.CpuNanosPerTransition).Where(double.IsFinite).ToArray();
        var (low, high) = BootstrapMeanInterval(overheads);
        var (cpuLow, cpuHigh) = BootstrapMeanInterval(cpuOverheads);
        var untracedRate = untraced.Average(u => u.Rate);
        results["trace_sample_ratio"] = ratio;
        results["tracing_overhead.pairs"] = Pairs;
        results["tracing_overhead.pairs_used"] = (double)overheads.Length;
        results["tracing_cpu_overhead.pairs_used"] = (double)cpuOverheads.Length;
        results["tracing_overhead.segment_seconds"] = segment.TotalSeconds;
        results["network_4_64_64_2.untraced.transitions_per_second"] = untracedRate;
        results["network_4_64_64_2.traced.transitions_per_second"] = traced.Average(t => t.Rate);
        results["tracing_overhead_percent"] = overheads.Length == 0 ? double.NaN : overheads.Average();
        results["tracing_overhead_percent_ci95_low"] = low;
        results["tracing_overhead_percent_ci95_high"] = high;
        results["network_4_64_64_2.untraced.cpu_ns_per_transition"] = FiniteMean(untraced.Select(u => u.CpuNanosPerTransition));
        results["network_4_64_64_2.traced.cpu_ns_per_transition"] = FiniteMean(traced.Select(t => t.CpuNanosPerTransition));
        results["tracing_cpu_overhead_percent"] = cpuOverheads.Length == 0 ? double.NaN : cpuOverheads.Average();
        results["tracing_cpu_overhead_percent_ci95_low"] = cpuLow;
        results["tracing_cpu_overhead_percent_ci95_high"] = cpuHigh;

        // One actor's wall time per batch, against which the span sites of a batch are a share.
        var batchNanos = 1e9 * CollectorBench.SendBatchSize * actors / untracedRate;
        results["tracing_span_sites_percent_of_batch"] = 100 * (double)results["tracing_span_sites_ns_per_batch"] / batchNanos;
    }

    /// <summary>The mean of the segments that stored something (on a loaded machine a short one may store nothing: NaN).</summary>
    private static double FiniteMean(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Pair p runs untraced then traced when p is even, traced then untraced when odd (ABBA), on one running collector.</summary>
    private static async Task RunSegments(int actors, TimeSpan segment, string traceFile, double ratio, Segment[] untraced, Segment[] traced)
    {
        await using var rig = CollectorRig.Start(randomPolicy: false, actors, CollectorBench.EnvsPerActor, CollectorBench.SendBatchSize);
        await Task.Delay(TimeSpan.FromSeconds(1));
        for (var pair = 0; pair < untraced.Length; pair++)
        {
            var tracedFirst = pair % 2 == 1;
            var first = await SegmentAsync(rig, segment, tracedFirst ? traceFile : null, ratio);
            var second = await SegmentAsync(rig, segment, tracedFirst ? null : traceFile, ratio);
            (untraced[pair], traced[pair]) = tracedFirst ? (second, first) : (first, second);
        }
    }

    /// <returns>One segment's throughput and CPU cost, traced to <paramref name="traceFile"/> or untraced when null.</returns>
    private static async Task<Segment> SegmentAsync(CollectorRig rig, TimeSpan segment, string? traceFile, double ratio)
    {
        using var session = TelemetrySession.Start(traceFile, otlpEndpoint: null, ratio, TimeSpan.FromSeconds(1), "flock-bench");
        await Task.Delay(Settle);
        using var process = Process.GetCurrentProcess();
        var before = rig.Inserted;
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(segment);
        var inserted = rig.Inserted - before;
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new Segment(inserted / elapsed, inserted > 0 ? cpu.TotalNanoseconds / inserted : double.NaN);
    }

    /// <param name="Rate">Transitions stored per second.</param>
    /// <param name="CpuNanosPerTransition">
    /// CPU time of the whole process (exporter thread included) per stored transition: what tracing costs,
    /// disturbed far less than the rate by other processes competing for the cores.
    /// </param>
    private readonly record struct Segment(double Rate, double CpuNanosPerTransition);

    /// <summary>Percentile bootstrap of the mean: resamples the pairs with replacement, a fixed seed so a run's interval is reproducible from its pairs.</summary>
    internal static (double Low, double High) BootstrapMeanInterval(double[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var random = new Random(1);
        var means = new double[BootstrapResamples];
        for (var r = 0; r < means.Length; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                sum += values[random.Next(values.Length)];
            }

            means[r] = sum / values.Length;
        }

        Array.Sort(means);
        return (means[(int)(0.025 * (means.Length - 1))], means[(int)Math.Ceiling(0.975 * (means.Length - 1))]);
    }

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
}
