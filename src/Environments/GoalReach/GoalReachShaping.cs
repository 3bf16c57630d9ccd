namespace Flock.Environments;

/// <summary>
/// The shaping of <c>GoalReachShaped-v0</c>: potential-based (<see cref="RewardShapingWrapper.PotentialBased"/>)
/// with Φ = −(distance to the goal) / <see cref="GoalReachEnvironment.GoalPosition"/>, read off the observation
/// (the fraction of the way done) as Φ = observation − 1, and γ = 1. Each step right earns +1/20 and each step
/// left −1/20, so the direction to the goal is visible from the first step.
/// </summary>
/// <remarks>
/// With γ = 1 the shaping telescopes: an episode from start position p that reaches the goal returns
/// 1 + (20 − p)/20, between 1.9 and 2.0; one that times out returns the net progress (x_end − p)/20, below 1.
/// </remarks>
public static class GoalReachShaping
{
    /// <summary>Wraps a <see cref="GoalReachEnvironment"/> with the distance-based shaping.</summary>
    public static IEnvironment Wrap(IEnvironment goalReach) =>
        new RewardShapingWrapper(goalReach, RewardShapingWrapper.PotentialBased(Potential, gamma: 1f));

    /// <summary>Φ(s) = −distance/20 = observation − 1.</summary>
    public static float Potential(ReadOnlySpan<float> observation) => observation[0] - 1f;
}
