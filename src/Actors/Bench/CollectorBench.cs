using System.Diagnostics;
using Flock.Actors.Roles;

namespace Flock.Actors.Bench;

/// <summary>
/// Collection throughput without a learner: one environment actor per core streams CartPole transitions
/// into the real replay actor. Two policies: uniform random (no inference at all) and a 4-64-64-2 network
/// (one batched forward pass per vector step plus Ape-X initial priorities). Also reports where the
/// actors' time went (stepping, inference, batching, sending through the mailbox), as shares.
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
        foreach (var (name, random) in new[] { ("random", true), ("network_4_64_64_2", false) })
        {
            options.Progress.WriteLine($"bench collector: {name} policy, {actors} actors × {EnvsPerActor} CartPole envs, {options.Seconds:0.#} s");
            var (rate, times) = Measure(random, actors, options.Seconds).GetAwaiter().GetResult();
            results[$"{name}.transitions_per_second"] = rate;
            var total = (double)(times.Stepping + times.Inference + times.Batching + times.Sending);
            results[$"{name}.time_share.stepping"] = times.Stepping / total;
            results[$"{name}.time_share.inference"] = times.Inference / total;
            results[$"{name}.time_share.batching"] = times.Batching / total;
            results[$"{name}.time_share.sending"] = times.Sending / total;
        }

        if (options.TracingOverhead)
        {
            CollectorTracingOverhead.Measure(options, actors, results);
        }

        return results;
    }

    /// <returns>Transitions stored per second and the actors' phase times.</returns>
    private static async Task<(double Rate, EnvironmentActorTimes Times)> Measure(bool randomPolicy, int actorCount, double seconds)
    {
        await using var rig = CollectorRig.Start(randomPolicy, actorCount, EnvsPerActor, SendBatchSize);

        // Warm-up (JIT, caches), then count what the replay stored during the measured window.
        await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(seconds / 2, 0.05, 1)));
        var (insertedBefore, timesBefore) = (rig.Inserted, rig.Times());
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var (insertedAfter, timesAfter) = (rig.Inserted, rig.Times());
        var elapsed = clock.Elapsed.TotalSeconds;
        var times = new EnvironmentActorTimes
        {
            Stepping = timesAfter.Stepping - timesBefore.Stepping,
            Inference = timesAfter.Inference - timesBefore.Inference,
            Batching = timesAfter.Batching - timesBefore.Batching,
            Sending = timesAfter.Sending - timesBefore.Sending,
        };
        return ((insertedAfter - insertedBefore) / elapsed, times);
    }
}
