using Flock.Learner.Dqn;
using Flock.Learner.Gpu;
using Flock.Learner.Networks;
using Flock.Learner.Optimization;
using Flock.Learner.Tests.Dqn;
using Flock.Shared.Networks;

namespace Flock.Learner.Tests.Gpu;

/// <summary>
/// Issue 18's parity: the ILGPU backend, run here on ILGPU's CPU accelerator (the same kernels a GPU runs), against
/// the managed backend from the same weights and batches. One update agrees within 1e-4 relative (loss, every
/// |TD|, the gradient norm, every updated weight); after 100 updates the weights differ by at most 1e-3 in relative
/// L2 norm (sums in another order and Adam's sign-like first steps make exact agreement impossible).
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class IlgpuParityTests
{
    public static TheoryData<string> Networks => new()
    {
        "mlp",
        "mlp-mse-single",
        "linear",
        "minatar",
        "two-convolutions",
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void One_update_matches_the_managed_backend(string name)
    {
        var (options, shape, actions) = Case(name);
        var obsDim = shape.Aggregate(1, (a, b) => a * b);
        var managed = new ManagedDqnBackend(obsDim, actions, options);
        using var gpu = new IlgpuDqnBackend(GpuAccelerator.Cpu(), obsDim, actions, options);
        var spec = managed.Online.Spec;
        var batch = Batch(spec, name == "minatar" ? 32 : 24, seed: 11, binary: spec.Convolutions.Count > 0);
        var managedTd = new float[batch.Count];
        var gpuTd = new float[batch.Count];

        var expected = managed.TrainStep(batch, 1e-3f, managedTd);
        var actual = gpu.TrainStep(batch, 1e-3f, gpuTd);

        AssertClose(expected.Loss, actual.Loss, "loss");
        AssertClose(expected.MeanAbsQ, actual.MeanAbsQ, "mean |Q|");
        AssertClose(expected.GradientNorm, actual.GradientNorm, "gradient norm");
        Assert.Equal(expected.Clipped, actual.Clipped);
        for (var i = 0; i < batch.Count; i++)
        {
            AssertClose(managedTd[i], gpuTd[i], $"|TD| of transition {i}");
        }

        AssertUpdatedWeightsAgree(Weights(managed.Online), Weights(gpu.Online), 1e-3f);
        Assert.Equal(1, gpu.Online.Version);
    }

    [Fact]
    public void Clipping_matches_when_the_norm_is_over_the_limit()
    {
        var options = new DqnOptions { HiddenSizes = [16], GradientClipNorm = 1e-3f };
        var managed = new ManagedDqnBackend(4, 3, options);
        using var gpu = new IlgpuDqnBackend(GpuAccelerator.Cpu(), 4, 3, options);
        var batch = Batch(managed.Online.Spec, 16, seed: 5, binary: false);
        var expected = managed.TrainStep(batch, 1e-3f, new float[16]);
        var actual = gpu.TrainStep(batch, 1e-3f, new float[16]);
        Assert.True(expected.Clipped);
        Assert.True(actual.Clipped);
        AssertClose(expected.GradientNorm, actual.GradientNorm, "gradient norm");
        AssertUpdatedWeightsAgree(Weights(managed.Online), Weights(gpu.Online), 1e-3f);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("two-convolutions")]
    public void A_hundred_updates_stay_within_a_thousandth_in_relative_norm(string name)
    {
        var (options, shape, actions) = Case(name);
        options = options with { TargetUpdateInterval = 10 };
        var obsDim = shape.Aggregate(1, (a, b) => a * b);
        var managed = new DqnLearner(new ManagedDqnBackend(obsDim, actions, options), options);
        using var backend = new IlgpuDqnBackend(GpuAccelerator.Cpu(), obsDim, actions, options);
        var gpu = new DqnLearner(backend, options);
        for (var update = 0; update < 100; update++)
        {
            var batch = Batch(managed.Spec, 16, seed: 100 + update, binary: managed.Spec.Convolutions.Count > 0);
            managed.Train(batch);
            gpu.Train(batch);
        }

        Assert.Equal(10, gpu.TargetSyncs);
        var expected = managed.ExportState();
        var actual = gpu.ExportState();
        Assert.InRange(RelativeDistance(expected.Online, actual.Online), 0, 1e-3);
        Assert.InRange(RelativeDistance(expected.Target, actual.Target), 0, 1e-3);
        Assert.Equal(expected.AdamStep, actual.AdamStep);
    }

    [Fact]
    public void Checkpoints_move_between_the_backends_both_ways()
    {
        var (options, shape, actions) = Case("two-convolutions");
        var obsDim = shape.Aggregate(1, (a, b) => a * b);
        var managed = new DqnLearner(new ManagedDqnBackend(obsDim, actions, options), options);
        using var backend = new IlgpuDqnBackend(GpuAccelerator.Cpu(), obsDim, actions, options with { Seed = 99 });
        var gpu = new DqnLearner(backend, options with { Seed = 99 });
        for (var update = 0; update < 3; update++)
        {
            managed.Train(Batch(managed.Spec, 12, seed: update, binary: true));
        }

        // Managed → GPU through a checkpoint file's bytes, then one more update each from the same state.
        using (var file = new MemoryStream())
        {
            managed.SaveCheckpoint(file);
            file.Position = 0;
            gpu.LoadCheckpoint(file);
        }

        Assert.Equal(3, gpu.Updates);
        Assert.Equal(Weights(managed.Backend.Online), Weights(gpu.Backend.Online));
        var next = Batch(managed.Spec, 12, seed: 50, binary: true);
        managed.Train(next);
        gpu.Train(next);
        AssertUpdatedWeightsAgree(Weights(managed.Backend.Online), Weights(gpu.Backend.Online), (float)options.LearningRate.Initial);

        // GPU → managed: the GPU's state, Adam's moments and step included, becomes a fresh managed learner's.
        var fresh = new DqnLearner(new ManagedDqnBackend(obsDim, actions, options), options);
        using (var file = new MemoryStream())
        {
            gpu.SaveCheckpoint(file);
            file.Position = 0;
            fresh.LoadCheckpoint(file);
        }

        var exported = gpu.ExportState();
        var imported = fresh.ExportState();
        Assert.Equal(exported.Online, imported.Online);
        Assert.Equal(exported.Target, imported.Target);
        Assert.Equal(exported.AdamFirstMoment, imported.AdamFirstMoment);
        Assert.Equal(exported.AdamSecondMoment, imported.AdamSecondMoment);
        Assert.Equal(4, imported.AdamStep);
    }

    [Fact]
    public void Inference_matches_the_managed_network()
    {
        var (options, shape, actions) = Case("minatar");
        var obsDim = shape.Aggregate(1, (a, b) => a * b);
        var managed = new ManagedDqnBackend(obsDim, actions, options);
        using var gpu = new IlgpuDqnBackend(GpuAccelerator.Cpu(), obsDim, actions, options);
        var batch = Batch(managed.Online.Spec, 64, seed: 3, binary: true);
        var expected = new float[64 * actions];
        var actual = new float[64 * actions];
        managed.Online.Forward(batch.Observations, 64, expected);
        gpu.Online.Forward(batch.Observations, 64, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], $"Q-value {i}");
        }
    }

    [Fact]
    public void A_batch_with_an_action_out_of_range_is_refused_before_anything_changes()
    {
        using var gpu = new IlgpuDqnBackend(GpuAccelerator.Cpu(), 4, 2, new DqnOptions { HiddenSizes = [8] });
        var before = Weights(gpu.Online);
        var batch = Batch(gpu.Online.Spec, 4, seed: 1, binary: false);
        batch.Actions[2] = 2;
        var error = Assert.Throws<ArgumentException>(() => gpu.TrainStep(batch, 1e-3f, new float[4]));
        Assert.Contains("action 2 of transition 2 is outside 0..1", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Weights(gpu.Online));
    }

    private static (DqnOptions Options, int[] Shape, int Actions) Case(string name) => name switch
    {
        "mlp" => (new DqnOptions { HiddenSizes = [32, 32], Dueling = true, Seed = 3 }, [4], 2),
        "mlp-mse-single" => (new DqnOptions { HiddenSizes = [24], Dueling = false, DoubleDqn = false, Loss = LossKind.MeanSquared, Seed = 4 }, [6], 3),
        "linear" => (new DqnOptions { HiddenSizes = [], Dueling = false, Seed = 5 }, [5], 4),
        "minatar" => (new DqnOptions
        {
            HiddenSizes = [128], Convolutions = [new ConvolutionLayer(16, 3, 1)], ObservationShape = [10, 10, 4], Dueling = false, Seed = 6,
        }, [10, 10, 4], 6),
        "two-convolutions" => (new DqnOptions
        {
            HiddenSizes = [16], Convolutions = [new ConvolutionLayer(6, 3, 1), new ConvolutionLayer(4, 2, 2)], ObservationShape = [7, 7, 3], Dueling = true, Seed = 7,
        }, [7, 7, 3], 5),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    // The learner tests' random batch; image networks get 0/1 boards with about a third of the cells set.
    private static SampledBatch Batch(QNetworkSpec spec, int count, int seed, bool binary)
    {
        var batch = DqnLearnerTests.RandomBatch(spec, count, seed);
        if (binary)
        {
            for (var i = 0; i < count * spec.ObsDim; i++)
            {
                batch.Observations[i] = batch.Observations[i] > 0.33f ? 1f : 0f;
                batch.NextObservations[i] = batch.NextObservations[i] > 0.33f ? 1f : 0f;
            }
        }

        return batch;
    }

    private static float[] Weights(IQNetwork network)
    {
        var weights = new float[network.Layout.TotalLength];
        network.CopyWeightsTo(weights);
        return weights;
    }

    private static void AssertClose(float expected, float actual, string what)
    {
        var tolerance = 1e-4f * Math.Max(Math.Abs(expected), 1e-3f);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: managed {expected:R}, ILGPU {actual:R}");
    }

    /// <summary>
    /// Weights after one update: within 1e-4 in relative L2 norm, and no weight apart by a whole Adam step. Adam's
    /// first steps are lr·g/(|g| + ε) per weight, so a gradient near zero turns a float-order difference of 1e-7
    /// into a visible one for that weight alone: the vector agrees to 1e-4, a lone small weight need not.
    /// </summary>
    private static void AssertUpdatedWeightsAgree(float[] expected, float[] actual, float learningRate)
    {
        Assert.InRange(RelativeDistance(expected, actual), 0, 1e-4);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < learningRate, $"weight {i}: managed {expected[i]:R}, ILGPU {actual[i]:R}");
        }
    }

    private static double RelativeDistance(float[] expected, float[] actual)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += Math.Pow(expected[i] - actual[i], 2);
            norm += Math.Pow(expected[i], 2);
        }

        return Math.Sqrt(difference / norm);
    }
}
