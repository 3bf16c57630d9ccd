namespace Flock.Learner.NStep;

/// <summary>How actors turn steps into n-step transitions.</summary>
public sealed record NStepOptions
{
    /// <summary>
    /// Steps summed before bootstrapping. 3: Ape-X's (and Rainbow's) value; longer returns propagate reward faster
    /// but are more off-policy for the replayed data.
    /// </summary>
    public int Steps { get; init; } = 3;

    /// <summary>Per-step discount γ. 0.99: the DQN family's standard horizon (~100 steps).</summary>
    public float Gamma { get; init; } = 0.99f;
}
