using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Numerics;

namespace Flock.Learner.Gpu;

/// <summary>How far an accelerator's updates are from the managed backend's, from the same weights and batches.</summary>
/// <param name="Network">The network checked, as <see cref="QNetworkSpec.ToString"/> writes it.</param>
/// <param name="LossRelative">|loss difference| / |managed loss| after one update.</param>
/// <param name="TdRelative">Largest |TD| difference over the batch, relative to the managed |TD| (at least 1e-3).</param>
/// <param name="OneUpdateRelative">Relative L2 distance of the online weights after one update.</param>
/// <param name="HundredUpdatesRelative">Relative L2 distance of the online weights after 100 updates (target sync every 10).</param>
/// <param name="ManagedSensitivity">
/// The largest of the same distances between a managed learner and three managed learners started from its weights
/// perturbed by ±1e-7 relative (float32's last bit): how far these training dynamics alone carry a last-bit difference.
/// </param>
public sealed record ParityFigures(string Network, double LossRelative, double TdRelative, double OneUpdateRelative, double HundredUpdatesRelative, double ManagedSensitivity)
{
    /// <summary>Issue 18's bound after one update (loss, every |TD|, the weights in relative L2).</summary>
    public const double OneUpdateBound = 1e-4;

    /// <summary>Issue 18's bound after 100 updates.</summary>
    public const double HundredUpdatesBound = 1e-3;

    /// <summary>
    /// Whether the 100-update distance says anything about the backend: only where the managed backend's own drift
    /// from a last-bit perturbation stays well under the bound. At 4-1024-1024-2, batch 256, that drift alone was
    /// 4e-4 to 2.7e-3 (by perturbation), so no float32 implementation that sums in another order can be held to
    /// 1e-3 there; the figure is then reported, not judged.
    /// </summary>
    public bool HundredUpdatesJudged => ManagedSensitivity < HundredUpdatesBound / 10;

    public bool WithinBounds =>
        LossRelative <= OneUpdateBound && TdRelative <= OneUpdateBound && OneUpdateRelative <= OneUpdateBound
        && (!HundredUpdatesJudged || HundredUpdatesRelative <= HundredUpdatesBound);
}

/// <summary>
/// The parity check <c>flockrl bench learner --device … --parity</c> runs where a GPU is lent: the ILGPU backend on an
/// accelerator against the managed backend, one update and a hundred, on <see cref="SampledBatch.Synthetic"/> batches (0/1 boards for image networks).
/// </summary>
public static class BackendParity
{
    public static ParityFigures Check(Func<GpuAccelerator> accelerator, DqnOptions options, int obsDim, int actionCount, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(options);
        options = options with { TargetUpdateInterval = 10, DegreeOfParallelism = 1 };
        var managed = new DqnLearner(new ManagedDqnBackend(obsDim, actionCount, options), options);
        var perturbed = new DqnLearner[3];
        for (var i = 0; i < perturbed.Length; i++)
        {
            perturbed[i] = new DqnLearner(new ManagedDqnBackend(obsDim, actionCount, options), options);
            Perturb(perturbed[i], seed: (ulong)(5 + i));
        }

        using var backend = new IlgpuDqnBackend(accelerator(), obsDim, actionCount, options);
        var gpu = new DqnLearner(backend, options);
        var random = new FastRandom(17);
        var binary = managed.Spec.Convolutions.Count > 0;
        var batch = SampledBatch.Synthetic(random, batchSize, obsDim, actionCount, binary);
        var managedTd = new float[batchSize];
        var gpuTd = new float[batchSize];
        var scratch = new float[batchSize];
        var first = managed.Train(batch, managedTd);
        TrainAll(perturbed, batch, scratch);
        var firstGpu = gpu.Train(batch, gpuTd);
        var lossRelative = Math.Abs(first.Loss - firstGpu.Loss) / Math.Max(Math.Abs(first.Loss), 1e-12);
        var tdRelative = 0.0;
        for (var i = 0; i < batchSize; i++)
        {
            tdRelative = Math.Max(tdRelative, Math.Abs(managedTd[i] - gpuTd[i]) / Math.Max(managedTd[i], 1e-3));
        }

        var oneUpdate = RelativeDistance(managed.Backend.Online, gpu.Backend.Online);
        for (var update = 1; update < 100; update++)
        {
            batch = SampledBatch.Synthetic(random, batchSize, obsDim, actionCount, binary);
            managed.Train(batch, managedTd);
            TrainAll(perturbed, batch, scratch);
            gpu.Train(batch, gpuTd);
        }

        return new ParityFigures(
            managed.Spec.ToString(), lossRelative, tdRelative, oneUpdate,
            RelativeDistance(managed.Backend.Online, gpu.Backend.Online), perturbed.Max(p => RelativeDistance(managed.Backend.Online, p.Backend.Online)));
    }

    private static void TrainAll(DqnLearner[] learners, SampledBatch batch, float[] scratch)
    {
        foreach (var learner in learners)
        {
            learner.Train(batch, scratch);
        }
    }

    // Every weight times (1 + u), u uniform in ±1e-7: float32's rounding, as a different order of sums leaves it.
    private static void Perturb(DqnLearner learner, ulong seed)
    {
        var state = learner.ExportState();
        var random = new FastRandom(seed);
        for (var i = 0; i < state.Online.Length; i++)
        {
            state.Online[i] *= 1f + (float)(((2 * random.NextDouble()) - 1) * 1e-7);
        }

        learner.ImportState(state);
    }

    private static double RelativeDistance(IQNetwork expected, IQNetwork actual)
    {
        var a = new float[expected.Layout.TotalLength];
        var b = new float[actual.Layout.TotalLength];
        expected.CopyWeightsTo(a);
        actual.CopyWeightsTo(b);
        double difference = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference += (a[i] - b[i]) * (double)(a[i] - b[i]);
            norm += a[i] * (double)a[i];
        }

        return Math.Sqrt(difference / norm);
    }
}
