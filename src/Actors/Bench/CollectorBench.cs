using System.Diagnostics;
using Flock.Actors.Roles;

namespace Flock.Actors.Bench;

/// <summary>
/// Collection throughput without a learner: one environment actor per core streams CartPole transitions
/// into the real replay actor. Two policies: uniform random (no inference at all) and a 4-64-64-2 network
/// (one batched forward pass per vector step plus Ape-X initial priorities). Also reports where the
/// actors' time went (stepping, inference, batching, sending through the mailbox), as shares, and the CPU the
/// process used: cores busy on average and CPU time per transition. With <see cref="BenchOptions.Contention"/>,
/// each policy is measured again, in the same repeat, with <see cref="CompetingLoad.DefaultProcesses"/> CPU-bound
/// competitor processes running (<c>…contended.…</c>), and <c>…contention_slowdown</c> is the ratio of the two
/// rates: how much a busy machine costs the collector beyond its share of the cores.
/// </summary>
public static class CollectorBench
{
    internal const int EnvsPerActor = 64;
    internal const int SendBatchSize = 512;

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options)
    {
        var results = new Dictionary<string, object>();
        var actors = Environment.ProcessorCount;
        results["actors"] = actors;
        results["envs_per_actor"] = EnvsPerActor;
        results["send_batch_size"] = SendBatchSize;
        if (options.Contention)
        {
            results["competitor_processes"] = CompetingLoad.DefaultProcesses;
        }

        foreach (var (name, random) in new[] { ("random", true), ("network_4_64_64_2", false) })
        {
            options.Progress.WriteLine($"bench collector: {name} policy, {actors} actors × {EnvsPerActor} CartPole envs, {options.Seconds:0.#} s");
            var alone = Measure(random, actors, options.Seconds, competitors: 0).GetAwaiter().GetResult();
            Record(results, name, alone);
            if (options.Contention)
            {
                options.Progress.WriteLine($"bench collector: {name} policy with {CompetingLoad.DefaultProcesses} CPU-bound competitor processes");
                var contended = Measure(random, actors, options.Seconds, CompetingLoad.DefaultProcesses).GetAwaiter().GetResult();
                Record(results, $"{name}.contended", contended);
                results[$"{name}.contended.competitor_cores"] = contended.CompetitorCores;
                results[$"{name}.contention_slowdown"] = alone.Rate / contended.Rate;
            }
        }

        if (options.TracingOverhead)
        {
            CollectorTracingOverhead.Measure(options, actors, results);
        }

        return results;
    }

    private static void Record(Dictionary<string, object> results, string prefix, Window window)
    {
        results[$"{prefix}.transitions_per_second"] = window.Rate;
        var times = window.Times;
        var total = (double)(times.Stepping + times.Inference + times.Batching + times.Sending);
        results[$"{prefix}.time_share.stepping"] = times.Stepping / total;
        results[$"{prefix}.time_share.inference"] = times.Inference / total;
        results[$"{prefix}.time_share.batching"] = times.Batching / total;
        results[$"{prefix}.time_share.sending"] = times.Sending / total;
        results[$"{prefix}.actor_wait_share"] = Math.Max(0, 1 - (total / (window.ActorSeconds * Stopwatch.Frequency)));
        results[$"{prefix}.cpu_cores"] = window.Cores;
        results[$"{prefix}.cpu_ns_per_transition"] = window.CpuNanosPerTransition;
    }

    /// <summary>One measured window.</summary>
    /// <param name="Rate">Transitions the replay stored per second.</param>
    /// <param name="Times">The actors' phase times (wall clock, preempted time included).</param>
    /// <param name="Cores">CPU seconds the whole process used per second of the window.</param>
    /// <param name="CpuNanosPerTransition">The process's CPU time per stored transition: its cost, whoever else runs.</param>
    /// <param name="CompetitorCores">CPU seconds the competitors used per second (0 without them).</param>
    /// <param name="ActorSeconds">The window's length times the actors: the wall time the phases are a part of; the rest the actors waited (for acknowledgements, mostly).</param>
    private readonly record struct Window(double Rate, EnvironmentActorTimes Times, double Cores, double CpuNanosPerTransition, double CompetitorCores, double ActorSeconds);

    private static async Task<Window> Measure(bool randomPolicy, int actorCount, double seconds, int competitors)
    {
        using var load = competitors > 0 ? CompetingLoad.Start(competitors) : null;
        await using var rig = CollectorRig.Start(randomPolicy, actorCount, EnvsPerActor, SendBatchSize);

        // Warm-up (JIT, caches), then count what the replay stored during the measured window.
        await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(seconds / 2, 0.05, 1)));
        using var process = Process.GetCurrentProcess();
        var (insertedBefore, timesBefore, cpuBefore) = (rig.Inserted, rig.Times(), process.TotalProcessorTime);
        var competitorsBefore = load?.ProcessorTime() ?? TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var (insertedAfter, timesAfter) = (rig.Inserted, rig.Times());
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var competitorCpu = (load?.ProcessorTime() ?? TimeSpan.Zero) - competitorsBefore;
        var inserted = insertedAfter - insertedBefore;
        var times = new EnvironmentActorTimes
        {
            Stepping = timesAfter.Stepping - timesBefore.Stepping,
            Inference = timesAfter.Inference - timesBefore.Inference,
            Batching = timesAfter.Batching - timesBefore.Batching,
            Sending = timesAfter.Sending - timesBefore.Sending,
        };
        return new Window(
            inserted / elapsed,
            times,
            cpu.TotalSeconds / elapsed,
            inserted > 0 ? cpu.TotalNanoseconds / inserted : double.NaN,
            competitorCpu.TotalSeconds / elapsed,
            elapsed * actorCount);
    }
}
