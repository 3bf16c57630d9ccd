using System.Diagnostics;
using Flock.Learner;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Numerics;

namespace Flock.Actors.Bench;

/// <summary>
/// Learner speed: Double-DQN updates per second at batch 256 (online forward on s and s′, target forward on s′,
/// importance-weighted Huber, backward, clip at norm 10, Adam) on the same 4-h-h-2 MLPs as the PyTorch peer
/// (bench/learner-vs-torch.sh), on one core and on all cores, and batched inference throughput at the vector-env
/// batch of 64. Keys are flat: <c>mlp_4_256_256_2.single_thread.updates_per_second</c>, …
/// </summary>
public static class LearnerBench
{
    private const int ObsDim = 4;
    private const int Actions = 2;
    private const int BatchSize = 256;
    private const int InferenceBatch = 64;
    private const int WarmupUpdates = 30;

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["learner.batch_size"] = BatchSize,
            ["learner.cores"] = Environment.ProcessorCount,
        };
        foreach (var hidden in new[] { 256, 64 })
        {
            var name = $"mlp_{ObsDim}_{hidden}_{hidden}_{Actions}";
            // The peer's network: plain (not dueling) ReLU MLP.
            var network = new DqnOptions { HiddenSizes = [hidden, hidden], Dueling = false };
            var single = MeasureUpdates(network, degreeOfParallelism: 1, options);
            options.Progress.WriteLine($"{name} single thread: {single:F1} updates/s");
            results[$"{name}.single_thread.updates_per_second"] = single;

            var all = MeasureUpdates(network, Environment.ProcessorCount, options);
            options.Progress.WriteLine($"{name} all {Environment.ProcessorCount} cores: {all:F1} updates/s");
            results[$"{name}.all_cores.updates_per_second"] = all;

            var forward = MeasureForward(network.NetworkSpec(ObsDim, Actions), options);
            options.Progress.WriteLine($"{name} forward (batch {InferenceBatch}): {forward:F0} obs/s");
            results[$"{name}.forward_obs_per_second"] = forward;
        }

        return results;
    }

    private static double MeasureUpdates(DqnOptions network, int degreeOfParallelism, BenchOptions options)
    {
        // Everything else at the defaults, which match the peer: Double DQN, Huber, clip 10, Adam at 2.5e-4.
        var learner = new DqnLearner(ObsDim, Actions, network with { DegreeOfParallelism = degreeOfParallelism });
        var batch = RandomBatch(new FastRandom(7));
        var tdErrors = new float[BatchSize];
        for (var i = 0; i < WarmupUpdates; i++)
        {
            learner.Train(batch, tdErrors);
        }

        return Measure(options.Seconds, () => learner.Train(batch, tdErrors));
    }

    private static double MeasureForward(QNetworkSpec spec, BenchOptions options)
    {
        var network = new QNetwork(spec);
        var random = new FastRandom(3);
        var observations = new float[InferenceBatch * ObsDim];
        for (var i = 0; i < observations.Length; i++)
        {
            observations[i] = Normal(random);
        }

        var q = new float[InferenceBatch * Actions];
        for (var i = 0; i < WarmupUpdates; i++)
        {
            network.Forward(observations, InferenceBatch, q);
        }

        return InferenceBatch * Measure(options.Seconds, () => network.Forward(observations, InferenceBatch, q));
    }

    /// <summary>Calls per second of <paramref name="action"/> over at least <paramref name="seconds"/>, timed in rounds.</summary>
    private static double Measure(double seconds, Action action)
    {
        var calls = 0L;
        var round = 1;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds || calls == 0)
        {
            for (var i = 0; i < round; i++)
            {
                action();
            }

            calls += round;
            round = Math.Min(round * 2, 64);
        }

        return calls / watch.Elapsed.TotalSeconds;
    }

    // The peer's data: standard-normal observations and rewards, uniform actions and weights, discount 0.99.
    private static SampledBatch RandomBatch(FastRandom random)
    {
        var batch = new SampledBatch(BatchSize, ObsDim) { Count = BatchSize };
        for (var i = 0; i < BatchSize * ObsDim; i++)
        {
            batch.Observations[i] = Normal(random);
            batch.NextObservations[i] = Normal(random);
        }

        for (var i = 0; i < BatchSize; i++)
        {
            batch.Actions[i] = random.NextInt(Actions);
            batch.Rewards[i] = Normal(random);
            batch.Discounts[i] = 0.99f;
            batch.ImportanceWeights[i] = random.NextSingle();
            batch.Keys[i] = i;
        }

        return batch;
    }

    private static float Normal(FastRandom random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
