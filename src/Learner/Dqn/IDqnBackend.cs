using Flock.Learner.Networks;

namespace Flock.Learner.Dqn;

/// <summary>
/// The seam between the DQN learner and the hardware it trains on: batched inference, one full training step
/// (forward, targets, loss, backward, clipping, Adam), the target-network copy, and the state for checkpoints as
/// plain arrays. <see cref="ManagedDqnBackend"/> (vectorised CPU) always works; an accelerator backend implements
/// the same five members and callers do not change. Schedules and counters stay in <see cref="DqnLearner"/>.
/// </summary>
public interface IDqnBackend
{
    /// <summary>The online network: inference and its flat weights.</summary>
    IQNetwork Online { get; }

    /// <summary>
    /// One update of the online network on <paramref name="batch"/> at <paramref name="learningRate"/>, writing
    /// the new |TD error| of each of the batch's transitions into <paramref name="absoluteTdErrors"/>.
    /// </summary>
    TrainStepResult TrainStep(SampledBatch batch, float learningRate, Span<float> absoluteTdErrors);

    /// <summary>Copies the online network into the target network.</summary>
    void SyncTarget();

    /// <summary>Copies both networks and Adam's state into <paramref name="state"/> (counters are the learner's).</summary>
    void ExportState(DqnTrainingState state);

    /// <summary>Replaces both networks and Adam's state with <paramref name="state"/>'s.</summary>
    void ImportState(DqnTrainingState state);
}
