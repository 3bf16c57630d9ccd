using System.Diagnostics;
using Flock.Learner;
using Flock.Learner.Dqn;
using Flock.Learner.Gpu;
using Flock.Learner.Numerics;

namespace Flock.Actors.Bench;

/// <summary>
/// <c>bench learner --device cuda|ilgpu-cpu</c>: Double-DQN updates per second of the ILGPU backend on 4-w-w-2 MLPs
/// (plain, as the PyTorch peer) at each batch size, against the managed backend on all cores in the same run, and
/// where an update's time goes (upload, compute, download: a separate pass that waits for the device after each
/// phase, so the throughput figures are measured without those waits). Also MinAtar's conv16k3s1,fc128 at batch 32
/// and 256. <c>--parity</c> runs <see cref="BackendParity"/> instead. Keys: <c>mlp_4_256_256_2.batch_256.device.updates_per_second</c>, …
/// </summary>
public static class GpuLearnerBench
{
    public static readonly IReadOnlyList<int> DefaultWidths = [64, 256, 1024];

    public static readonly IReadOnlyList<int> DefaultBatches = [256, 1024];

    private const int WarmupUpdates = 20;

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options, ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        var results = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["device"] = device.Label,
            ["managed.cores"] = Environment.ProcessorCount,
        };
        foreach (var width in options.Widths ?? DefaultWidths)
        {
            foreach (var batch in options.Batches ?? DefaultBatches)
            {
                var network = new DqnOptions { HiddenSizes = [width, width], Dueling = false };
                Measure($"mlp_4_{width}_{width}_2.batch_{batch}", network, 4, 2, batch, binary: false, device, options, results);
            }
        }

        foreach (var batch in new[] { 32, 256 })
        {
            Measure(
                $"minatar_conv16k3s1_fc128.batch_{batch}", LearnerBench.MinAtarNetwork, LearnerBench.MinAtarObsDim, LearnerBench.MinAtarActions, batch, binary: true,
                device, options, results);
        }

        return results;
    }

    /// <summary>The parity figures of an MLP and MinAtar's network on <paramref name="device"/>; every figure's bound in <see cref="ParityFigures.WithinBounds"/>.</summary>
    public static IReadOnlyList<ParityFigures> Parity(ComputeDevice device, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var cases = new (DqnOptions Options, int ObsDim, int Actions, int Batch)[]
        {
            (new DqnOptions { HiddenSizes = [64, 64], Dueling = true }, 4, 2, 256),
            (new DqnOptions { HiddenSizes = [1024, 1024], Dueling = false }, 4, 2, 256),
            (LearnerBench.MinAtarNetwork, LearnerBench.MinAtarObsDim, LearnerBench.MinAtarActions, 32),
        };
        var figures = new List<ParityFigures>();
        foreach (var (network, obsDim, actions, batch) in cases)
        {
            var result = BackendParity.Check(() => GpuAccelerator.For(device), network, obsDim, actions, batch);
            progress.WriteLine(
                $"{result.Network} batch {batch}: loss {result.LossRelative:E1}, |TD| {result.TdRelative:E1}, weights after 1 update {result.OneUpdateRelative:E1}, " +
                $"after 100 {result.HundredUpdatesRelative:E1} ({(result.HundredUpdatesJudged ? "bound 1e-3" : "not judged")}: the managed backend drifts {result.ManagedSensitivity:E1} from itself " +
                "after a last-bit perturbation) → " +
                (result.WithinBounds ? "within bounds" : "OUT OF BOUNDS"));
            figures.Add(result);
        }

        return figures;
    }

    private static void Measure(
        string name, DqnOptions network, int obsDim, int actions, int batchSize, bool binary, ComputeDevice device, BenchOptions options, SortedDictionary<string, object> results)
    {
        var batch = SampledBatch.Synthetic(new FastRandom(7), batchSize, obsDim, actions, binary);
        var tdErrors = new float[batchSize];
        using var backend = new IlgpuDqnBackend(GpuAccelerator.For(device), obsDim, actions, network);
        var onDevice = new DqnLearner(backend, network);
        for (var i = 0; i < WarmupUpdates; i++)
        {
            onDevice.Train(batch, tdErrors);
        }

        var rate = LearnerBench.Measure(options.Seconds, () => onDevice.Train(batch, tdErrors));
        results[$"{name}.device.updates_per_second"] = rate;

        backend.MeasurePhases = true;
        backend.Phases.Reset();
        var timed = (int)Math.Clamp(rate * options.Seconds / 4, 5, 2000);
        for (var i = 0; i < timed; i++)
        {
            onDevice.Train(batch, tdErrors);
        }

        var microseconds = 1e6 / Stopwatch.Frequency / timed;
        results[$"{name}.device.upload_us"] = backend.Phases.UploadTicks * microseconds;
        results[$"{name}.device.compute_us"] = backend.Phases.ComputeTicks * microseconds;
        results[$"{name}.device.download_us"] = backend.Phases.DownloadTicks * microseconds;

        var managedOptions = network with { DegreeOfParallelism = Environment.ProcessorCount };
        var managed = new DqnLearner(obsDim, actions, managedOptions);
        for (var i = 0; i < WarmupUpdates / 4; i++)
        {
            managed.Train(batch, tdErrors);
        }

        var managedRate = LearnerBench.Measure(options.Seconds, () => managed.Train(batch, tdErrors));
        results[$"{name}.managed.updates_per_second"] = managedRate;
        results[$"{name}.speedup"] = rate / managedRate;
        options.Progress.WriteLine(
            $"{name}: {device.Label} {rate:F1} updates/s (upload {results[$"{name}.device.upload_us"]:F0} us, compute {results[$"{name}.device.compute_us"]:F0} us, " +
            $"download {results[$"{name}.device.download_us"]:F0} us per update), managed on {Environment.ProcessorCount} cores {managedRate:F1} updates/s: {rate / managedRate:F2}x");
    }
}
