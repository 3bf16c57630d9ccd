using Flock.Actors.Telemetry;
using Flock.Shared.Configuration;

namespace Flock.Actors.Bench;

/// <summary>
/// What tracing at the default sample ratio costs the collector (network policy): untraced and traced runs
/// alternate for a few rounds in ABBA order, so drift of a shared, noisy machine hits both alike, and the overhead is
/// taken from the summed rates. The traced runs export to a Chrome trace file, the cheapest real exporter.
/// </summary>
internal static class CollectorTracingOverhead
{
    private const int Rounds = 4;

    public static void Measure(BenchOptions options, int actors, Dictionary<string, object> results)
    {
        var ratio = new RunConfig().TraceSampleRatio;
        var traceFile = Path.Combine(Path.GetTempPath(), $"flock-bench-trace-{Environment.ProcessId}.json");
        double untraced = 0, traced = 0;
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                options.Progress.WriteLine($"bench collector: tracing overhead round {round + 1}/{Rounds} (sample ratio {ratio})");

                // ABBA order: whichever case runs second in a round runs on a dirtier heap and a warmer machine.
                var tracedFirst = round % 2 == 1;
                for (var turn = 0; turn < 2; turn++)
                {
                    var tracing = (turn == 0) == tracedFirst;
                    var rate = MeasureOnce(options.Seconds, actors, tracing ? traceFile : null, ratio);
                    if (tracing)
                    {
                        traced += rate;
                    }
                    else
                    {
                        untraced += rate;
                    }
                }
            }
        }
        finally
        {
            File.Delete(traceFile);
        }

        results["trace_sample_ratio"] = ratio;
        results["network_4_64_64_2.untraced.transitions_per_second"] = untraced / Rounds;
        results["network_4_64_64_2.traced.transitions_per_second"] = traced / Rounds;
        results["tracing_overhead_percent"] = 100 * (untraced - traced) / untraced;
    }

    private static double MeasureOnce(double seconds, int actors, string? traceFile, double ratio)
    {
        // The previous case's replay (a million rows) must not be collected during this one.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using (TelemetrySession.Start(traceFile, otlpEndpoint: null, ratio, TimeSpan.FromSeconds(1), "flock-bench"))
        {
            return CollectorBench.Measure(randomPolicy: false, actors, seconds).GetAwaiter().GetResult().Rate;
        }
    }
}
