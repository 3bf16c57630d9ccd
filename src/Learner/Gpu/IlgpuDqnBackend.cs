using Flock.Learner.Dqn;
using Flock.Learner.Networks;

namespace Flock.Learner.Gpu;

/// <summary>Placeholder while the kernels are written.</summary>
public sealed class IlgpuDqnBackend : IDqnBackend, IDisposable
{
    public IlgpuDqnBackend(GpuAccelerator accelerator, int obsDim, int actionCount, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(options);
        _ = (obsDim, actionCount);
        throw new NotSupportedException("not yet");
    }

    public IQNetwork Online => throw new NotSupportedException();

    public TrainStepResult TrainStep(SampledBatch batch, float learningRate, Span<float> absoluteTdErrors) => throw new NotSupportedException();

    public void SyncTarget() => throw new NotSupportedException();

    public void ExportState(DqnTrainingState state) => throw new NotSupportedException();

    public void ImportState(DqnTrainingState state) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
