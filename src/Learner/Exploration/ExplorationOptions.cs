namespace Flock.Learner.Exploration;

/// <summary>Which ε an actor explores with.</summary>
public enum EpsilonScheduleKind
{
    /// <summary>
    /// Ape-X: a fixed ε per actor, εᵢ = base^(1 + α·i/(N − 1)) for actor i of N (base 0.4, α 7 spread the actors
    /// from 0.4 down to 0.4⁸ ≈ 0.00066), so the fleet explores at many rates at once without any decay to tune.
    /// </summary>
    ApeXPerActor,

    /// <summary>Classic DQN: ε falls linearly from Start to End over DecaySteps environment steps, then stays at End.</summary>
    LinearDecay,
}

/// <summary>Exploration settings; which fields matter depends on <see cref="Kind"/>.</summary>
public sealed record ExplorationOptions
{
    /// <summary>Ape-X per-actor ε by default: the distributed setting this project reproduces.</summary>
    public EpsilonScheduleKind Kind { get; init; } = EpsilonScheduleKind.ApeXPerActor;

    /// <summary>ApeXPerActor: base ε (Ape-X's 0.4), which actor 0 uses and a single actor uses.</summary>
    public double ApeXBase { get; init; } = 0.4;

    /// <summary>ApeXPerActor: exponent spread α (Ape-X's 7).</summary>
    public double ApeXAlpha { get; init; } = 7;

    /// <summary>LinearDecay: ε at step 0. 1: act at random until the network knows anything.</summary>
    public double Start { get; init; } = 1.0;

    /// <summary>LinearDecay: ε after the decay. 0.05: CleanRL's DQN end value.</summary>
    public double End { get; init; } = 0.05;

    /// <summary>LinearDecay: environment steps of one actor over which ε goes from Start to End.</summary>
    public long DecaySteps { get; init; } = 100_000;
}
