namespace Flock.Learner.Optimization;

/// <summary>How the learning rate changes over updates.</summary>
public enum LearningRateDecay
{
    /// <summary>Always <see cref="LearningRateSchedule.Initial"/>: the DQN, Ape-X and CleanRL default.</summary>
    Constant,

    /// <summary>Straight line from Initial to Final over DecayUpdates updates, then Final (like PyTorch LinearLR).</summary>
    Linear,

    /// <summary>Initial·StepFactor^⌊update / StepInterval⌋ (PyTorch StepLR).</summary>
    Step,
}

/// <summary>
/// Learning-rate schedule of the learner's Adam. <c>update</c> counts updates already taken, so the first update
/// (update 0) always uses <see cref="Initial"/>, as PyTorch schedulers do before their first step.
/// </summary>
public sealed record LearningRateSchedule
{
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Constant;

    /// <summary>
    /// Starting rate. 2.5e-4: CleanRL's DQN default with Adam (its Atari runs use 1e-4; 1e-4..1e-3 is the usual range
    /// for small control networks); Ape-X used 2.5e-4/4 with RMSProp for Atari.
    /// </summary>
    public double Initial { get; init; } = 2.5e-4;

    /// <summary>Linear only: rate after <see cref="DecayUpdates"/> updates.</summary>
    public double Final { get; init; } = 2.5e-5;

    /// <summary>Linear only: updates over which the rate moves from Initial to Final.</summary>
    public long DecayUpdates { get; init; } = 1_000_000;

    /// <summary>Step only: updates between reductions.</summary>
    public long StepInterval { get; init; } = 250_000;

    /// <summary>Step only: factor applied at each reduction.</summary>
    public double StepFactor { get; init; } = 0.5;

    public static LearningRateSchedule Constant(double learningRate) => new() { Initial = learningRate };

    /// <summary>Rate for the update that follows <paramref name="update"/> earlier ones.</summary>
    public double LearningRateAt(long update)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(update);
        return Decay switch
        {
            LearningRateDecay.Constant => Initial,
            LearningRateDecay.Linear => DecayUpdates <= 0 || update >= DecayUpdates
                ? Final
                : Initial + ((Final - Initial) * update / DecayUpdates),
            LearningRateDecay.Step => Initial * Math.Pow(StepFactor, update / Math.Max(1, StepInterval)),
            _ => throw new InvalidOperationException($"unknown learning-rate decay {Decay}"),
        };
    }
}
