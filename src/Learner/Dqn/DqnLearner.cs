using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Learner.Dqn;

/// <summary>
/// The DQN learner: online and target networks and Adam behind an <see cref="IDqnBackend"/>, plus what is
/// backend-independent: the learning-rate schedule, the update counter (which is also the weights version) and
/// the target-network refresh every <see cref="DqnOptions.TargetUpdateInterval"/> updates. Synchronous and
/// single-threaded; the learner actor owns one.
/// </summary>
public sealed class DqnLearner
{
    private float[] _tdErrors = [];
    private int _lastCount;

    /// <summary>A learner on the managed CPU backend, its network built from <paramref name="options"/>.</summary>
    public DqnLearner(int obsDim, int actionCount, DqnOptions options)
        : this(new ManagedDqnBackend(obsDim, actionCount, options), options)
    {
    }

    /// <summary>A learner on <paramref name="backend"/>, whose network must be the one <paramref name="options"/> describe.</summary>
    public DqnLearner(IDqnBackend backend, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var spec = backend.Online.Spec;
        if (!options.NetworkSpec(spec.ObsDim, spec.ActionCount).Equals(spec))
        {
            throw new ArgumentException(
                $"backend trains a {spec} network, options describe {options.NetworkSpec(spec.ObsDim, spec.ActionCount)}", nameof(backend));
        }

        Backend = backend;
        Options = options;
    }

    public IDqnBackend Backend { get; }

    public DqnOptions Options { get; }

    public QNetworkSpec Spec => Backend.Online.Spec;

    /// <summary>Updates done so far; the version stamped on weight snapshots.</summary>
    public long Updates { get; private set; }

    /// <summary>Times the target network has been refreshed.</summary>
    public long TargetSyncs { get; private set; }

    /// <summary>|TD error| per transition of the last <see cref="Train(SampledBatch)"/>, valid until the next call.</summary>
    public ReadOnlySpan<float> LastTdErrors => _tdErrors.AsSpan(0, _lastCount);

    /// <summary>One update; the new |TD errors| are in <see cref="LastTdErrors"/> afterwards.</summary>
    public UpdateResult Train(SampledBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_tdErrors.Length < batch.Count)
        {
            _tdErrors = new float[batch.Capacity];
        }

        _lastCount = 0;
        var result = Train(batch, _tdErrors);
        _lastCount = batch.Count;
        return result;
    }

    /// <summary>One update, writing the new |TD error| of each sampled transition into <paramref name="absoluteTdErrors"/>.</summary>
    public UpdateResult Train(SampledBatch batch, Span<float> absoluteTdErrors)
    {
        var learningRate = Options.LearningRate.LearningRateAt(Updates);
        var step = Backend.TrainStep(batch, (float)learningRate, absoluteTdErrors);
        Updates++;
        var sync = Updates % Options.TargetUpdateInterval == 0;
        if (sync)
        {
            Backend.SyncTarget();
            TargetSyncs++;
        }

        return new UpdateResult(step.Loss, step.MeanAbsQ, step.GradientNorm, step.Clipped, learningRate, Updates, sync);
    }

    /// <summary>The online weights, versioned with <see cref="Updates"/>, for broadcast to actors.</summary>
    public WeightSnapshot Snapshot()
    {
        var weights = new float[Backend.Online.Layout.TotalLength];
        Backend.Online.CopyWeightsTo(weights);
        return new WeightSnapshot(Updates, Backend.Online.Layout.ToArray(), weights);
    }

    /// <summary>The complete training state (networks, optimiser, counters).</summary>
    public DqnTrainingState ExportState()
    {
        var state = new DqnTrainingState(Spec);
        Backend.ExportState(state);
        state.Updates = Updates;
        state.TargetSyncs = TargetSyncs;
        return state;
    }

    /// <summary>Resumes from <paramref name="state"/>, counters included.</summary>
    public void ImportState(DqnTrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Backend.ImportState(state);
        Updates = state.Updates;
        TargetSyncs = state.TargetSyncs;
    }

    /// <summary>Writes the complete training state as a checkpoint (<see cref="DqnCheckpoint"/> format).</summary>
    public void SaveCheckpoint(Stream stream) => DqnCheckpoint.Save(stream, ExportState());

    /// <summary>Resumes from a checkpoint, which must be of this learner's architecture.</summary>
    public void LoadCheckpoint(Stream stream) => ImportState(DqnCheckpoint.Load(stream, Spec));
}
