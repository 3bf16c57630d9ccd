using System.Diagnostics;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Runtime;
using Flock.Environments;
using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.Replay;
using Flock.Shared.Configuration;

namespace Flock.Actors.Bench;

/// <summary>
/// Collection throughput without a learner: one environment actor per core streams CartPole transitions
/// into the real replay actor. Two policies: uniform random (no inference at all) and a 4-64-64-2 network
/// (one batched forward pass per vector step plus Ape-X initial priorities). Also reports where the
/// actors' time went (stepping, inference, batching, sending through the mailbox), as shares.
/// </summary>
public static class CollectorBench
{
    private const int EnvsPerActor = 64;
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
            var (rate, times, _) = Measure(random, actors, options.Seconds).GetAwaiter().GetResult();
            results[$"{name}.transitions_per_second"] = rate;
            var total = (double)(times.Stepping + times.Inference + times.Batching + times.Sending);
            results[$"{name}.time_share.stepping"] = times.Stepping / total;
            results[$"{name}.time_share.inference"] = times.Inference / total;
            results[$"{name}.time_share.batching"] = times.Batching / total;
            results[$"{name}.time_share.sending"] = times.Sending / total;
        }

        if (options.Trace)
        {
            CollectorTracingOverhead.Measure(options, actors, results);
        }

        return results;
    }

    /// <returns>Transitions stored per second, the actors' phase times, and the process's CPU nanoseconds per stored transition.</returns>
    internal static async Task<(double Rate, EnvironmentActorTimes Times, double CpuNanosPerTransition)> Measure(bool randomPolicy, int actorCount, double seconds)
    {
        var environment = EnvRegistry.Default.Get(BuiltInEnvironments.CartPole);
        var spec = new QNetworkSpec(environment.ObservationSpace.Size, environment.ActionSpace.N, [64, 64], dueling: false);
        var weights = new QNetwork(spec, seed: 1).Snapshot();
        var replayBuffer = new PrioritizedReplay(new ReplayOptions(1_000_000, spec.ObsDim, betaAnnealSamples: 1), seed: 1);

        // No learner samples, so the limiter must never hold inserts back: its minimum size is never reached.
        var limiter = new SampleToInsertRatioLimiter(int.MaxValue, 1, 0);
        var exploration = randomPolicy
            ? new ExplorationOptions { Kind = EpsilonScheduleKind.LinearDecay, Start = 1, End = 1, DecaySteps = 1 }
            : new ExplorationOptions { Kind = EpsilonScheduleKind.LinearDecay, Start = 0, End = 0, DecaySteps = 1 };
        await using var system = new ActorSystem("bench-collector", new ActorSystemOptions { Log = new TextWriterActorLog(TextWriter.Null) });
        var sink = system.Spawn<ICoordinatorMessage>("coordinator", () => new IgnoreAll<ICoordinatorMessage>(), new ActorOptions { MailboxCapacity = 1024 });
        var replay = system.Spawn("replay", () => new ReplayActor(replayBuffer, limiter, sink, TimeSpan.FromHours(1)),
            new ActorOptions { Role = "replay", MailboxCapacity = (LocalRun.MaxBatchesInFlight * actorCount) + 16, Execution = ActorExecution.DedicatedThread });
        var counters = new List<EnvironmentActorCounters>();
        for (var i = 0; i < actorCount; i++)
        {
            var setup = new EnvironmentActorSetup(i, actorCount, environment, EnvsPerActor, (ulong)(i + 1), spec, weights,
                new Flock.Learner.NStep.NStepOptions(), exploration, SendBatchSize,
                randomPolicy ? InitialPriorityKind.Max : InitialPriorityKind.Actor, LocalRun.MaxBatchesInFlight, TimeSpan.FromHours(1));
            var c = new EnvironmentActorCounters();
            counters.Add(c);
            LocalRun.SpawnEnvironmentActor(system.Root, $"env-{i}", setup, c, replay, sink);
        }

        // Warm-up (JIT, caches), then count what the replay stored during the measured window.
        await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(seconds / 2, 0.05, 1)));
        using var process = Process.GetCurrentProcess();
        var before = Snapshot(counters, replayBuffer);
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = Snapshot(counters, replayBuffer);
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await system.StopAsync(TimeSpan.FromSeconds(10));
        var times = new EnvironmentActorTimes
        {
            Stepping = after.Times.Stepping - before.Times.Stepping,
            Inference = after.Times.Inference - before.Times.Inference,
            Batching = after.Times.Batching - before.Times.Batching,
            Sending = after.Times.Sending - before.Times.Sending,
        };
        var inserted = after.Inserted - before.Inserted;
        return (inserted / elapsed, times, inserted > 0 ? cpu.TotalNanoseconds / inserted : double.NaN);
    }

    /// <summary>Counters owned by other threads, read as whole 64-bit words: exact enough for a benchmark total.</summary>
    private static (long Inserted, EnvironmentActorTimes Times) Snapshot(List<EnvironmentActorCounters> counters, PrioritizedReplay replay) => (
        replay.InsertedCount,
        new EnvironmentActorTimes
        {
            Stepping = counters.Sum(c => Volatile.Read(ref c.Times.Stepping)),
            Inference = counters.Sum(c => Volatile.Read(ref c.Times.Inference)),
            Batching = counters.Sum(c => Volatile.Read(ref c.Times.Batching)),
            Sending = counters.Sum(c => Volatile.Read(ref c.Times.Sending)),
        });

    private sealed class IgnoreAll<T> : Actor<T>
    {
        public override ValueTask ReceiveAsync(T message) => ValueTask.CompletedTask;
    }
}
