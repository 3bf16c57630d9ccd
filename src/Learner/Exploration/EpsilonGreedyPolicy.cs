using Flock.Learner.Networks;
using Flock.Learner.Numerics;

namespace Flock.Learner.Exploration;

/// <summary>
/// ε-greedy over a vector of environments: each environment explores with probability ε (a uniform random
/// action), otherwise takes argmax_a Q(s, a). All greedy choices come from one batched forward pass over the K
/// observations, skipped when every environment explores. Uses the actor's own <see cref="FastRandom"/>; no
/// allocation per step once the Q buffer has grown to K.
/// </summary>
public sealed class EpsilonGreedyPolicy
{
    private readonly IQNetwork _network;
    private readonly FastRandom _random;
    private float[] _q = [];
    private int _lastQFloats;

    public EpsilonGreedyPolicy(IQNetwork network, FastRandom random)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        _network = network;
        _random = random;
    }

    /// <summary>Q-values of the last forward pass (count × actions); empty when the last call explored everywhere.</summary>
    public ReadOnlySpan<float> LastQValues => _q.AsSpan(0, _lastQFloats);

    /// <summary>Chooses one action per observation row (count × ObsDim) into <paramref name="actions"/>.</summary>
    public void SelectActions(ReadOnlySpan<float> observations, int count, double epsilon, Span<int> actions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (actions.Length < count)
        {
            throw new ArgumentException($"needs room for {count} actions, got {actions.Length}", nameof(actions));
        }

        var actionCount = _network.Spec.ActionCount;
        var anyGreedy = false;
        for (var i = 0; i < count; i++)
        {
            // −1 marks "greedy"; exploring rows get their random action right away.
            var explore = _random.NextDouble() < epsilon;
            actions[i] = explore ? _random.NextInt(actionCount) : -1;
            anyGreedy |= !explore;
        }

        _lastQFloats = 0;
        if (!anyGreedy)
        {
            return;
        }

        if (_q.Length < count * actionCount)
        {
            _q = new float[count * actionCount];
        }

        var q = _q.AsSpan(0, count * actionCount);
        _network.Forward(observations, count, q);
        _lastQFloats = q.Length;
        for (var i = 0; i < count; i++)
        {
            if (actions[i] < 0)
            {
                actions[i] = QValues.ArgMax(q.Slice(i * actionCount, actionCount));
            }
        }
    }
}
