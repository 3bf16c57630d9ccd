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
/// Also MinAtar's network (<c>conv16k3s1,fc128</c> over a 10×10×4 Breakout board, 6 actions) at batch 32 and 256,
/// as <c>minatar_conv16k3s1_fc128.batch_32.single_thread.updates_per_second</c> …, against
/// bench/minatar_torch_update_rate.py (bench/minatar-learner-vs-torch.sh runs both).
/// <c>conv_algorithms.batch_N.{forward_us,backward_us}.{im2col,direct}</c> times that layer's convolution alone
/// both ways (<see cref="ConvolutionAlgorithmComparison"/>).
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

        MeasureMinAtar(options, results);
        return results;
    }

    /// <summary>MinAtar's own network (conv16k3s1,fc128, plain head) over Breakout's 10×10×4 board.</summary>
    internal static readonly DqnOptions MinAtarNetwork = new()
    {
        HiddenSizes = [128],
        Convolutions = [new Shared.Networks.ConvolutionLayer(16, 3, 1)],
        ObservationShape = [10, 10, 4],
        Dueling = false,
    };

    /// <summary>Floats of a Breakout board, the input of <see cref="MinAtarNetwork"/>.</summary>
    internal const int MinAtarObsDim = 10 * 10 * 4;

    /// <summary>MinAtar's full action set.</summary>
    internal const int MinAtarActions = 6;

    // MinAtar Breakout's board and MinAtar's own network, on 0/1 boards with about a tenth of the cells set.
    private static void MeasureMinAtar(BenchOptions options, SortedDictionary<string, object> results)
    {
        const string Name = "minatar_conv16k3s1_fc128";
        var network = MinAtarNetwork;
        const int obsDim = MinAtarObsDim;
        foreach (var batchSize in new[] { 32, 256 })
        {
            foreach (var (label, cores) in new[] { ("single_thread", 1), ("all_cores", Environment.ProcessorCount) })
            {
                var rate = MeasureUpdates(network, cores, options, obsDim, MinAtarActions, batchSize, binary: true);
                options.Progress.WriteLine($"{Name} batch {batchSize} {label.Replace('_', ' ')}: {rate:F1} updates/s");
                results[$"{Name}.batch_{batchSize}.{label}.updates_per_second"] = rate;
            }
        }

        var forward = MeasureForward(network.NetworkSpec(obsDim, MinAtarActions), options, binary: true);
        options.Progress.WriteLine($"{Name} forward (batch {InferenceBatch}): {forward:F0} obs/s");
        results[$"{Name}.forward_obs_per_second"] = forward;
        MeasureConvolutionAlgorithms(options, results);
    }

    // Issue 17: im2col onto the packed kernels (the backend's) against a direct convolution, MinAtar's layer
    // (16 filters, 3×3, stride 1) on a 10×10×4 board, one thread. Microseconds per call; lower is faster.
    private static void MeasureConvolutionAlgorithms(BenchOptions options, SortedDictionary<string, object> results)
    {
        foreach (var batchSize in new[] { 32, 256 })
        {
            var t = ConvolutionAlgorithmComparison.Compare(batchSize, 10, 10, 4, filters: 16, kernel: 3, stride: 1, options.Seconds);
            var key = $"conv_algorithms.batch_{batchSize}";
            results[$"{key}.forward_us.im2col"] = t.Im2ColForward;
            results[$"{key}.forward_us.direct"] = t.DirectForward;
            results[$"{key}.backward_us.im2col"] = t.Im2ColBackward;
            results[$"{key}.backward_us.direct"] = t.DirectBackward;
            options.Progress.WriteLine(
                $"conv16k3s1 on 10x10x4, batch {batchSize}: forward im2col {t.Im2ColForward:F1} us, direct {t.DirectForward:F1} us; " +
                $"weight gradient im2col {t.Im2ColBackward:F1} us, direct {t.DirectBackward:F1} us (agree within {t.LargestDifference:G2})");
        }
    }

    private static double MeasureUpdates(DqnOptions network, int degreeOfParallelism, BenchOptions options) =>
        MeasureUpdates(network, degreeOfParallelism, options, ObsDim, Actions, BatchSize, binary: false);

    private static double MeasureUpdates(
        DqnOptions network, int degreeOfParallelism, BenchOptions options, int obsDim, int actions, int batchSize, bool binary)
    {
        // Everything else at the defaults, which match the peer: Double DQN, Huber, clip 10, Adam at 2.5e-4.
        var learner = new DqnLearner(obsDim, actions, network with { DegreeOfParallelism = degreeOfParallelism });
        var batch = SampledBatch.Synthetic(new FastRandom(7), batchSize, obsDim, actions, binary);
        var tdErrors = new float[batchSize];
        for (var i = 0; i < WarmupUpdates; i++)
        {
            learner.Train(batch, tdErrors);
        }

        return Measure(options.Seconds, () => learner.Train(batch, tdErrors));
    }

    private static double MeasureForward(QNetworkSpec spec, BenchOptions options, bool binary = false)
    {
        var network = new QNetwork(spec);
        var random = new FastRandom(3);
        var observations = new float[InferenceBatch * spec.ObsDim];
        for (var i = 0; i < observations.Length; i++)
        {
            observations[i] = SampledBatch.SyntheticObservation(random, binary);
        }

        var q = new float[InferenceBatch * spec.ActionCount];
        for (var i = 0; i < WarmupUpdates; i++)
        {
            network.Forward(observations, InferenceBatch, q);
        }

        return InferenceBatch * Measure(options.Seconds, () => network.Forward(observations, InferenceBatch, q));
    }

    /// <summary>Calls per second of <paramref name="action"/> over at least <paramref name="seconds"/>, timed in rounds.</summary>
    internal static double Measure(double seconds, Action action)
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
}
