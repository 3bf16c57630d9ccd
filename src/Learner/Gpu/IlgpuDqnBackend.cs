using System.Diagnostics;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Numerics;
using Flock.Learner.Optimization;
using ILGPU;
using ILGPU.Runtime;

namespace Flock.Learner.Gpu;

/// <summary>
/// The DQN backend on an ILGPU accelerator (a CUDA GPU, or ILGPU's CPU accelerator in tests): online and target
/// networks, gradients and Adam's moments stay on the device. Each update uploads the batch once (one staging
/// buffer: s, s′, rewards, discounts, importance weights, actions, terminals), runs every operation as a kernel
/// (forward, Double-DQN n-step targets, weighted Huber/MSE, backward, global-norm clipping, Adam) and downloads only
/// the |TD errors| with four scalars. Weights come down only when asked for (a broadcast, a checkpoint).
/// Same math as <see cref="ManagedDqnBackend"/>, so checkpoints move between the two.
/// </summary>
public sealed class IlgpuDqnBackend : IDqnBackend, IDisposable
{
    /// <summary>Threads of the first stage of the gradient norm; the second sums their partials on one thread.</summary>
    private const int NormParts = 1024;

    private readonly GpuAccelerator _device;
    private readonly DqnKernelSet _kernels;
    private readonly DqnOptions _options;
    private readonly DeviceQNetwork _online;
    private readonly DeviceQNetwork _target;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _gradients;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _firstMoment;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _secondMoment;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _normPartials;
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _batchBuffers = [];
    private ArrayView<float> _staging;
    private ArrayView<float> _onlineQ;
    private ArrayView<float> _targetQ;
    private ArrayView<float> _qGradient;
    private ArrayView<float> _rowTerms;
    private ArrayView<float> _result;
    private float[] _hostStaging = [];
    private float[] _hostResult = [];
    private int _capacity;
    private long _adamStep;

    /// <summary>A backend on <paramref name="device"/>, which it owns from now on (disposed with it).</summary>
    public IlgpuDqnBackend(GpuAccelerator device, int obsDim, int actionCount, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _device = device;
        _options = options;
        var spec = options.NetworkSpec(obsDim, actionCount);
        _kernels = new DqnKernelSet(device.Accelerator);
        _online = new DeviceQNetwork(_kernels, spec);
        _target = new DeviceQNetwork(_kernels, spec);
        var parameters = _online.Layout.TotalLength;

        // The initial weights come from the same initializer and seed as the managed backend's.
        var initial = new float[parameters];
        PyTorchInitializer.Initialize(spec, initial, new FastRandom(options.Seed));
        _online.LoadWeights(initial, 0);
        _target.LoadWeights(initial, 0);
        _gradients = device.Accelerator.Allocate1D<float>(parameters);
        _firstMoment = device.Accelerator.Allocate1D<float>(parameters);
        _secondMoment = device.Accelerator.Allocate1D<float>(parameters);
        _firstMoment.MemSetToZero();
        _secondMoment.MemSetToZero();
        _normPartials = device.Accelerator.Allocate1D<float>(Math.Min(NormParts, parameters));
        device.Accelerator.Synchronize();
    }

    public IQNetwork Online => _online;

    /// <summary>"cuda:0 (NVIDIA H100 80GB HBM3)" or "ilgpu-cpu".</summary>
    public string DeviceLabel => _device.Label;

    /// <summary>
    /// When set, each update waits for the device after its upload and after its kernels, so <see cref="Phases"/>
    /// splits its time into upload, compute and download (the bench's figures). Off in training: waiting costs time.
    /// </summary>
    public bool MeasurePhases { get; set; }

    /// <summary>Time spent per phase since the last <see cref="GpuPhaseTimes.Reset"/>, filled while <see cref="MeasurePhases"/> is on.</summary>
    public GpuPhaseTimes Phases { get; } = new();

    public TrainStepResult TrainStep(SampledBatch batch, float learningRate, Span<float> absoluteTdErrors)
    {
        var spec = _online.Spec;
        BackendArguments.RequireTrainable(spec, batch, absoluteTdErrors.Length);
        var count = batch.Count;
        EnsureCapacity(count);
        var shape = Stage(batch);
        var start = Stopwatch.GetTimestamp();
        var used = shape.Terminated + count;
        _staging.SubView(0, used).CopyFromCPU(_hostStaging.AsSpan(0, used));
        Lap(ref start, GpuPhase.Upload);

        var observationFloats = count * spec.ObsDim;
        var onlineRows = _options.DoubleDqn ? 2 * count : count;
        _online.Forward(_staging.SubView(0, onlineRows * spec.ObsDim), onlineRows, _onlineQ);
        _target.Forward(_staging.SubView(observationFloats, observationFloats), count, _targetQ);
        _kernels.TdError(count, _onlineQ, _targetQ, _staging, _result, _qGradient, _rowTerms, shape);
        _kernels.FinishLoss(1, _rowTerms, _result, count);
        _online.Backward(_staging, count, _qGradient, _gradients.View);
        _kernels.PartialSquares((int)_normPartials.Length, _gradients.View, _normPartials.View);
        _kernels.FinishNorm(1, _normPartials.View, _result, count, _options.GradientClipNorm);
        _kernels.Adam((int)_gradients.Length, _online.Parameters, _gradients.View, _firstMoment.View, _secondMoment.View, _result, count + DqnKernels.Scale, NextAdamStep(learningRate));
        Lap(ref start, GpuPhase.Compute);

        var results = count + DqnKernels.ScalarSlots;
        _result.SubView(0, results).CopyToCPU(_hostResult.AsSpan(0, results));
        Lap(ref start, GpuPhase.Download);
        _hostResult.AsSpan(0, count).CopyTo(absoluteTdErrors);
        _online.Version++;
        return new TrainStepResult(
            _hostResult[count + DqnKernels.Loss], _hostResult[count + DqnKernels.MeanAbsQ], _hostResult[count + DqnKernels.Norm], _hostResult[count + DqnKernels.Clipped] != 0f);
    }

    public void SyncTarget() => _target.CopyFrom(_online);

    public void ExportState(DqnTrainingState state)
    {
        RequireSameSpec(state);
        _online.CopyWeightsTo(state.Online);
        _target.CopyWeightsTo(state.Target);
        ((ArrayView<float>)_firstMoment.View).CopyToCPU(state.AdamFirstMoment.AsSpan());
        ((ArrayView<float>)_secondMoment.View).CopyToCPU(state.AdamSecondMoment.AsSpan());
        state.AdamStep = _adamStep;
    }

    public void ImportState(DqnTrainingState state)
    {
        RequireSameSpec(state);
        ArgumentOutOfRangeException.ThrowIfNegative(state.AdamStep);
        _online.LoadWeights(state.Online, state.Updates);
        _target.LoadWeights(state.Target, state.Updates);
        ((ArrayView<float>)_firstMoment.View).CopyFromCPU(state.AdamFirstMoment.AsSpan());
        ((ArrayView<float>)_secondMoment.View).CopyFromCPU(state.AdamSecondMoment.AsSpan());
        _adamStep = state.AdamStep;
    }

    public void Dispose()
    {
        foreach (var buffer in _batchBuffers)
        {
            buffer.Dispose();
        }

        _gradients.Dispose();
        _firstMoment.Dispose();
        _secondMoment.Dispose();
        _normPartials.Dispose();
        _online.Dispose();
        _target.Dispose();
        _device.Dispose();
    }

    // Adam's scalars for the next step, formed in double as AdamOptimizer.Step forms them.
    private AdamScalars NextAdamStep(float learningRate)
    {
        _adamStep++;
        var adam = _options.Adam;
        return new AdamScalars
        {
            StepSize = (float)(learningRate / (1 - Math.Pow(adam.Beta1, _adamStep))),
            InverseRoot = 1f / (float)Math.Sqrt(1 - Math.Pow(adam.Beta2, _adamStep)),
            Beta2 = (float)adam.Beta2,
            OneMinusBeta1 = (float)(1 - adam.Beta1),
            OneMinusBeta2 = (float)(1 - adam.Beta2),
            Epsilon = (float)adam.Epsilon,
        };
    }

    // Packs the batch into the host staging array in the order TdShape names, checking each action on the way.
    private TdShape Stage(SampledBatch batch)
    {
        var count = batch.Count;
        var actions = _online.Spec.ActionCount;
        var observationFloats = count * batch.ObsDim;
        var shape = new TdShape
        {
            Count = count,
            Actions = actions,
            DoubleDqn = _options.DoubleDqn ? 1 : 0,
            Huber = _options.Loss == LossKind.Huber ? 1 : 0,
            Rewards = 2 * observationFloats,
        };
        shape.Discounts = shape.Rewards + count;
        shape.Weights = shape.Discounts + count;
        shape.TakenActions = shape.Weights + count;
        shape.Terminated = shape.TakenActions + count;

        var host = _hostStaging.AsSpan();
        batch.Observations.AsSpan(0, observationFloats).CopyTo(host);
        batch.NextObservations.AsSpan(0, observationFloats).CopyTo(host[observationFloats..]);
        batch.Rewards.AsSpan(0, count).CopyTo(host[shape.Rewards..]);
        batch.Discounts.AsSpan(0, count).CopyTo(host[shape.Discounts..]);
        batch.ImportanceWeights.AsSpan(0, count).CopyTo(host[shape.Weights..]);
        for (var i = 0; i < count; i++)
        {
            var action = BackendArguments.RequireAction(batch, i, actions);
            host[shape.TakenActions + i] = action;
            host[shape.Terminated + i] = batch.Terminated[i] ? 1f : 0f;
        }

        return shape;
    }

    // With phases measured: waits for the device, then books the time since start to one phase.
    private void Lap(ref long start, GpuPhase phase)
    {
        if (!MeasurePhases)
        {
            return;
        }

        _device.Accelerator.Synchronize();
        var now = Stopwatch.GetTimestamp();
        Phases.Add(phase, now - start);
        start = now;
    }

    private void RequireSameSpec(DqnTrainingState state) => BackendArguments.RequireSameSpec(state, _online.Spec);

    private void EnsureCapacity(int count)
    {
        if (count <= _capacity)
        {
            return;
        }

        foreach (var buffer in _batchBuffers)
        {
            buffer.Dispose();
        }

        _batchBuffers.Clear();
        var spec = _online.Spec;
        var stagingFloats = (2 * count * spec.ObsDim) + (5 * count);
        _staging = Allocate(stagingFloats);
        _onlineQ = Allocate(2 * count * spec.ActionCount);
        _targetQ = Allocate(count * spec.ActionCount);
        _qGradient = Allocate(count * spec.ActionCount);
        _rowTerms = Allocate(2 * count);
        _result = Allocate(count + DqnKernels.ScalarSlots);
        _hostStaging = new float[stagingFloats];
        _hostResult = new float[count + DqnKernels.ScalarSlots];
        _capacity = count;
    }

    private ArrayView<float> Allocate(int length)
    {
        var buffer = _device.Accelerator.Allocate1D<float>(length);
        _batchBuffers.Add(buffer);
        return buffer.View;
    }
}

/// <summary>Where the GPU backend's update time went, in <see cref="Stopwatch"/> ticks, while phases are measured.</summary>
public sealed class GpuPhaseTimes
{
    public long UploadTicks { get; private set; }

    public long ComputeTicks { get; private set; }

    public long DownloadTicks { get; private set; }

    public void Reset() => (UploadTicks, ComputeTicks, DownloadTicks) = (0, 0, 0);

    internal void Add(GpuPhase phase, long ticks)
    {
        switch (phase)
        {
            case GpuPhase.Upload:
                UploadTicks += ticks;
                break;
            case GpuPhase.Compute:
                ComputeTicks += ticks;
                break;
            default:
                DownloadTicks += ticks;
                break;
        }
    }
}

/// <summary>The three parts of a GPU update.</summary>
internal enum GpuPhase
{
    Upload,
    Compute,
    Download,
}
