namespace Flock.Environments;

/// <summary>
/// Replaces each step's reward with one computed by a <see cref="RewardShaper"/> from the transition. Typical
/// use is potential-based shaping (<see cref="PotentialBased"/>), which turns a sparse goal reward into a
/// dense signal without changing which policies are optimal.
/// </summary>
public sealed class RewardShapingWrapper : EnvironmentWrapper
{
    private readonly RewardShaper _shaper;

    // The shaper needs s as well as s', and the caller's span already holds s' after the step.
    private readonly float[] _previousObservation;

    public RewardShapingWrapper(IEnvironment inner, RewardShaper shaper)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(shaper);
        _shaper = shaper;
        _previousObservation = new float[inner.ObservationSpace.Size];
    }

    /// <summary>
    /// Potential-based shaping (Ng, Harada and Russell 1999): r + γ·Φ(s') − Φ(s), with Φ(s') taken as 0 when s'
    /// is terminal. With γ equal to the learner's discount the optimal policy is unchanged; with γ = 1 the
    /// shaping terms of an episode add up to Φ(last) − Φ(first).
    /// </summary>
    public static RewardShaper PotentialBased(ObservationPotential potential, float gamma)
    {
        ArgumentNullException.ThrowIfNull(potential);
        ArgumentOutOfRangeException.ThrowIfNegative(gamma);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gamma, 1f);
        return (observation, _, reward, nextObservation, terminated) =>
            reward + (terminated ? 0f : gamma * potential(nextObservation)) - potential(observation);
    }

    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        Inner.Reset(observation, seed);
        observation[.._previousObservation.Length].CopyTo(_previousObservation);
    }

    public override StepResult Step(int action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        var next = observation[.._previousObservation.Length];
        var shaped = _shaper(_previousObservation, action, result.Reward, next, result.Terminated);
        next.CopyTo(_previousObservation);
        return result with { Reward = shaped };
    }
}
