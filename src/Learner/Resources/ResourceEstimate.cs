namespace Flock.Learner.Resources;

/// <summary>
/// What a run will hold in memory before it allocates any of it: the networks (online, target, gradients, the
/// snapshots broadcast to every actor and the evaluator), Adam's two moments, the copies a checkpoint takes, the
/// replay's records and priorities, and the activations of one batch. An estimate, on the high side, from sizes
/// alone: one function takes the parameter count, so any network shape (an MLP today, a convolution later) feeds it.
/// </summary>
/// <param name="Parameters">Parameters of one network.</param>
/// <param name="NetworkBytes">Every copy of the weights: learner, target, gradients, snapshots, actors' and evaluator's policies.</param>
/// <param name="OptimizerBytes">Adam's first and second moments.</param>
/// <param name="ReplayBytes">Replay records and priority tree.</param>
/// <param name="ActivationBytes">Activations and their gradients for one batch (forward and backward).</param>
public sealed record ResourceEstimate(long Parameters, long NetworkBytes, long OptimizerBytes, long ReplayBytes, long ActivationBytes)
{
    /// <summary>Copies of the weights the learner side holds: online, target, gradients, a broadcast snapshot and the four arrays a checkpoint exports.</summary>
    private const int LearnerWeightCopies = 8;

    /// <summary>Bytes per record are rounded up to a cache line (see the replay's record layout).</summary>
    private const int CacheLineBytes = 64;

    /// <summary>Key, action, reward, discount and the terminated flag beside the two observations.</summary>
    private const int RecordFieldBytes = sizeof(long) + sizeof(int) + sizeof(float) + sizeof(float) + sizeof(bool);

    /// <summary>The priority tree's share per transition: a leaf's sum (double) and min (float), plus the levels above.</summary>
    private const int PriorityBytesPerTransition = 16;

    public long TotalBytes => NetworkBytes + OptimizerBytes + ReplayBytes + ActivationBytes;

    /// <param name="parameters">Parameters of one network (<c>NetworkArchitecture.ParameterCount</c>).</param>
    /// <param name="widestLayerSum">Units over all layers, input and output included: the activations of one sample.</param>
    /// <param name="policyCopies">Networks outside the learner: one per environment actor, the evaluator's, and one in flight to each.</param>
    /// <param name="obsDim">Floats in one observation.</param>
    /// <param name="replayCapacity">Transitions the replay holds.</param>
    /// <param name="batchSize">Transitions per update.</param>
    public static ResourceEstimate For(long parameters, long widestLayerSum, int policyCopies, int obsDim, long replayCapacity, int batchSize)
    {
        var weights = parameters * sizeof(float);
        var record = ((RecordFieldBytes + (2L * obsDim * sizeof(float)) + CacheLineBytes - 1) / CacheLineBytes * CacheLineBytes) + PriorityBytesPerTransition;

        // Forward activations, their gradients and the double-DQN pass on next observations: four per unit.
        var activations = 4L * batchSize * widestLayerSum * sizeof(float);
        return new ResourceEstimate(parameters, weights * (LearnerWeightCopies + policyCopies), 2 * weights, record * replayCapacity, activations);
    }
}
