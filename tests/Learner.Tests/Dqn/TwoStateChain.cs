namespace Flock.Learner.Tests.Dqn;

/// <summary>
/// A two-state chain whose optimal Q-values are known by hand. Observations are one-hot. From s0 every action
/// moves to s1, paying 0 for action 0 and 1 for action 1; from s1 every action ends the episode, paying 2 for
/// action 0 and 0 for action 1. With γ = 0.9: Q*(s1) = [2, 0], Q*(s0, a) = r(a) + 0.9·2 = [1.8, 2.8].
/// </summary>
internal static class TwoStateChain
{
    public const float Gamma = 0.9f;

    public static readonly float[] S0 = [1, 0];
    public static readonly float[] S1 = [0, 1];

    public static readonly float[][] OptimalQ = [[1.8f, 2.8f], [2f, 0f]];

    public static float Reward(int state, int action) => state == 0 ? action : (action == 0 ? 2 : 0);
}
