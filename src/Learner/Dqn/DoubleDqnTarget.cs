using Flock.Learner.Networks;

namespace Flock.Learner.Dqn;

/// <summary>
/// Bootstrapped n-step targets: yᵢ = rᵢ + discountᵢ·(1 − terminatedᵢ)·Q_target(s′ᵢ, a*ᵢ). With Double DQN
/// a*ᵢ = argmax_a Q_online(s′ᵢ, a) (the online network chooses, the target network evaluates); without it
/// a*ᵢ = argmax_a Q_target(s′ᵢ, a), i.e. max_a Q_target. The discount is γᵏ for the k steps the transition
/// summed, and only termination masks the bootstrap: a truncated episode still bootstraps from its last state.
/// </summary>
public static class DoubleDqnTarget
{
    /// <param name="onlineNextQ">count × actions Q_online(s′, ·); ignored unless <paramref name="doubleDqn"/>.</param>
    /// <param name="targetNextQ">count × actions Q_target(s′, ·).</param>
    /// <param name="actions">Actions per row.</param>
    /// <param name="rewards">n-step discounted rewards.</param>
    /// <param name="discounts">γᵏ per transition.</param>
    /// <param name="terminated">True where the episode terminated within the k steps.</param>
    /// <param name="doubleDqn">Whether the online network selects the bootstrap action.</param>
    /// <param name="targets">One target per reward.</param>
    public static void Compute(
        ReadOnlySpan<float> onlineNextQ,
        ReadOnlySpan<float> targetNextQ,
        int actions,
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> discounts,
        ReadOnlySpan<bool> terminated,
        bool doubleDqn,
        Span<float> targets)
    {
        var count = targets.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        if (rewards.Length < count || discounts.Length < count || terminated.Length < count
            || targetNextQ.Length < count * actions || (doubleDqn && onlineNextQ.Length < count * actions))
        {
            throw new ArgumentException($"inputs are shorter than {count} transitions of {actions} actions");
        }

        for (var i = 0; i < count; i++)
        {
            var targetRow = targetNextQ.Slice(i * actions, actions);
            var chosen = QValues.ArgMax(doubleDqn ? onlineNextQ.Slice(i * actions, actions) : targetRow);
            var bootstrap = terminated[i] ? 0f : discounts[i] * targetRow[chosen];
            targets[i] = rewards[i] + bootstrap;
        }
    }
}
