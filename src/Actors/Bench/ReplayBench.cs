using System.Diagnostics;
using Flock.Learner;
using Flock.Learner.Replay;
using Flock.Shared.Messages;

namespace Flock.Actors.Bench;

/// <summary>
/// Prioritized replay at Ape-X scale: a full replay of a million CartPole transitions (obsDim 4), batches of
/// 512. Reports the add rate, the cost of one stratified sample (tree descents, weights and row copies) and
/// of one priority update, each from the median call, and the bytes the replay allocates.
/// </summary>
public static class ReplayBench
{
    private const int DefaultCapacity = 1_000_000;
    private const int ObsDim = 4;
    private const int BatchSize = 512;

    /// <summary>Distinct key sets the update case cycles through, so it does not keep hitting cached tree paths.</summary>
    private const int UpdateKeySets = 64;

    private const int MaxTimedCalls = 1 << 20;

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options) => Run(options, DefaultCapacity);

    /// <summary>Same measurements at another capacity, so tests can run it small.</summary>
    internal static IReadOnlyDictionary<string, object> Run(BenchOptions options, int capacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = options.Progress;
        var replayOptions = new ReplayOptions(capacity, ObsDim, betaAnnealSamples: 100_000_000);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var replay = new PrioritizedReplay(replayOptions, seed: 1);
        var replayBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var random = new Random(1);
        var batch = RandomBatch(random);
        progress.WriteLine($"replay: filling {capacity:N0} transitions");
        while (replay.InsertedCount < capacity)
        {
            replay.Add(batch);
        }

        progress.WriteLine("replay: add");
        var addSeconds = MedianSecondsPerCall(options.Seconds, () => replay.Add(batch));

        progress.WriteLine("replay: sample");
        var sample = new SampledBatch(BatchSize, ObsDim);
        var sampleSeconds = MedianSecondsPerCall(options.Seconds, () => replay.Sample(BatchSize, sample));

        // Keys of real samples stay live while nothing is added, so every update below is applied, none stale.
        var keySets = new long[UpdateKeySets][];
        var tdSets = new float[UpdateKeySets][];
        for (var i = 0; i < UpdateKeySets; i++)
        {
            replay.Sample(BatchSize, sample);
            keySets[i] = sample.Keys.ToArray();
            tdSets[i] = Enumerable.Range(0, BatchSize).Select(_ => (float)random.NextDouble() * 5).ToArray();
        }

        progress.WriteLine("replay: update");
        var next = 0;
        var updateSeconds = MedianSecondsPerCall(options.Seconds, () =>
        {
            replay.UpdatePriorities(keySets[next], tdSets[next]);
            next = (next + 1) % UpdateKeySets;
        });

        return new Dictionary<string, object>
        {
            ["add_per_second"] = BatchSize / addSeconds,
            ["sample_512_microseconds"] = sampleSeconds * 1e6,
            ["update_512_microseconds"] = updateSeconds * 1e6,
            ["memory_mb"] = replayBytes / 1e6,
        };
    }

    /// <summary>
    /// Median wall time of one <paramref name="call"/>, each timed on its own, over <paramref name="seconds"/>
    /// after a warm-up long enough for tiered compilation to reach optimised code. The median rather than the
    /// mean because on shared cores a call that is preempted takes milliseconds, and those say nothing about
    /// the replay.
    /// </summary>
    private static double MedianSecondsPerCall(double seconds, Action call)
    {
        Time(Math.Min(seconds, 0.25), call, []);
        var durations = new long[MaxTimedCalls];
        var calls = Time(seconds, call, durations);
        var timed = durations.AsSpan(0, calls);
        timed.Sort();
        return (double)timed[calls / 2] / Stopwatch.Frequency;
    }

    /// <summary>Calls until <paramref name="seconds"/> have passed (or the buffer is full), recording each call's ticks.</summary>
    private static int Time(double seconds, Action call, Span<long> durations)
    {
        var calls = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        var now = start;
        do
        {
            call();
            var after = Stopwatch.GetTimestamp();
            if (calls < durations.Length)
            {
                durations[calls] = after - now;
            }

            calls++;
            now = after;
        }
        while (now < end && (durations.IsEmpty || calls < durations.Length));

        return Math.Min(calls, durations.Length);
    }

    /// <summary>CartPole-like rows; a quarter take the replay's max priority, the rest a random initial one.</summary>
    private static TransitionBatch RandomBatch(Random random)
    {
        var batch = TransitionBatch.Allocate(0, BatchSize, ObsDim) with { Count = BatchSize };
        for (var i = 0; i < BatchSize * ObsDim; i++)
        {
            batch.Observations[i] = (float)((random.NextDouble() * 2) - 1);
            batch.NextObservations[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (var i = 0; i < BatchSize; i++)
        {
            batch.Actions[i] = random.Next(2);
            batch.Rewards[i] = 1f;
            batch.Discounts[i] = 0.99f * 0.99f * 0.99f;
            batch.Terminated[i] = random.Next(50) == 0;
            batch.InitialPriorities[i] = i % 4 == 0 ? -1f : (float)(random.NextDouble() * 5);
        }

        return batch;
    }
}
