using Flock.Learner.Dqn;
using Flock.Learner.Exploration;
using Flock.Learner.Gpu;
using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Learner.Optimization;
using Flock.Learner.Replay;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;

namespace Flock.Actors.Local;

/// <summary>Maps the run configuration onto the option records of the learner library.</summary>
public static class LearnerConfiguration
{
    /// <summary>The Q-network of the run (<c>--network</c>, or the MLP of <c>--hidden</c>) for an observation of <paramref name="observationShape"/>.</summary>
    public static QNetworkSpec Network(RunConfig c, IReadOnlyList<int> observationShape, int actionCount) =>
        Dqn(c, observationShape).NetworkSpec(observationShape.Aggregate(1, (a, b) => a * b), actionCount);

    /// <summary>The device <c>--device</c> means on this machine (<see cref="ComputeDevices.Resolve"/>).</summary>
    /// <exception cref="DeviceNotFoundException"><c>--device cuda</c> and no CUDA device here.</exception>
    public static ComputeDevice Device(RunConfig c) => ComputeDevices.Resolve(c.Device);

    /// <summary>
    /// Sample requests the learner keeps in flight on <paramref name="device"/>. On the CPU an update takes far longer
    /// than a sample, so one batch ahead is enough; a GPU update can be as quick as a sample plus its two mailbox hops,
    /// so the replay is kept several batches ahead (each costs one batch buffer).
    /// </summary>
    public static int PrefetchDepth(ComputeDevice device) => device.Kind == ComputeDeviceKind.Cpu ? 1 : 4;

    /// <summary>
    /// The run's learner, on the device <c>--device</c> resolves to (<see cref="Device"/>). The caller owns its backend:
    /// dispose <see cref="DqnLearner.Backend"/> when it is <see cref="IDisposable"/> (a GPU backend holds device memory).
    /// </summary>
    /// <exception cref="DeviceNotFoundException"><c>--device cuda</c> and no CUDA device here.</exception>
    public static DqnLearner CreateLearner(RunConfig c, QNetworkSpec network) => CreateLearner(c, network, Device(c));

    /// <summary>The run's learner on <paramref name="device"/>; the caller owns its backend, as for <see cref="CreateLearner(RunConfig, QNetworkSpec)"/>.</summary>
    public static DqnLearner CreateLearner(RunConfig c, QNetworkSpec network, ComputeDevice device)
    {
        var options = Dqn(c, network.InputShape);
        var backend = DqnBackends.Create(device, network.ObsDim, network.ActionCount, options);
        try
        {
            return new DqnLearner(backend, options);
        }
        catch
        {
            (backend as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The weights a fresh learner of the run starts from, made on the CPU whatever <c>--device</c> says: for actor
    /// nodes and benches, which act until the learner's first broadcast and must never touch a GPU.
    /// </summary>
    public static WeightSnapshot InitialWeights(RunConfig c, QNetworkSpec network) =>
        new DqnLearner(network.ObsDim, network.ActionCount, Dqn(c, network.InputShape)).Snapshot();

    public static DqnOptions Dqn(RunConfig c, IReadOnlyList<int>? observationShape = null)
    {
        var architecture = c.NetworkArchitecture();
        return Options(c) with { HiddenSizes = architecture.Hidden, Convolutions = architecture.Convolutions, ObservationShape = observationShape };
    }

    private static DqnOptions Options(RunConfig c) => new()
    {
        HiddenSizes = c.Hidden,
        Dueling = c.Dueling,
        DoubleDqn = c.DoubleDqn,
        Loss = c.Loss == Shared.Configuration.LossKind.Huber ? Learner.Optimization.LossKind.Huber : Learner.Optimization.LossKind.MeanSquared,
        LearningRate = new LearningRateSchedule
        {
            Decay = c.LearningRateSchedule switch
            {
                LearningRateScheduleKind.Linear => LearningRateDecay.Linear,
                LearningRateScheduleKind.Step => LearningRateDecay.Step,
                _ => LearningRateDecay.Constant,
            },
            Initial = c.LearningRate,
            Final = c.LearningRateFinal,
            DecayUpdates = c.LearningRateDecayUpdates,
            StepInterval = c.LearningRateDecayUpdates,
            StepFactor = c.LearningRateStepFactor,
        },
        Adam = new AdamOptions { Beta1 = c.AdamBeta1, Beta2 = c.AdamBeta2, Epsilon = c.AdamEpsilon },
        GradientClipNorm = (float)c.GradClipNorm,
        TargetUpdateInterval = c.TargetUpdateInterval,
        Seed = (ulong)c.Seed,
    };

    public static NStepOptions NStep(RunConfig c) => new() { Steps = c.NStep, Gamma = (float)c.Gamma };

    public static ExplorationOptions Exploration(RunConfig c) => new()
    {
        Kind = c.Exploration == ExplorationKind.Apex ? EpsilonScheduleKind.ApeXPerActor : EpsilonScheduleKind.LinearDecay,
        ApeXBase = c.EpsilonBase,
        ApeXAlpha = c.EpsilonAlpha,
        Start = c.EpsilonStart,
        End = c.EpsilonEnd,
        DecaySteps = c.EpsilonDecaySteps,
    };

    /// <param name="c">The run configuration.</param>
    /// <param name="obsDim">Floats per observation.</param>
    /// <param name="encoding">The space's <c>Box.Encoding</c>: UInt8 boards are kept as bytes in the replay.</param>
    public static ReplayOptions Replay(RunConfig c, int obsDim, ObservationEncoding encoding = ObservationEncoding.Float32) =>
        new(c.ReplayCapacity, obsDim, c.PriorityBetaAnnealSamples, c.PriorityAlpha, c.PriorityBetaStart) { ObservationEncoding = encoding };

    public static SampleToInsertRatioLimiter RateLimiter(RunConfig c) => new(c.ReplayMinSize, c.SamplesPerInsert, c.SamplesPerInsertTolerance);
}
