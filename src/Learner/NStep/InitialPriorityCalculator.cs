using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Learner.NStep;

/// <summary>
/// Ape-X's initial priorities: the actor computes |TD| of each new transition with its local copy of the network,
/// so fresh data enters the replay with a meaningful priority instead of the running maximum. The actor has no
/// target network, so the bootstrap is max_a Q(s′, a) of the same network:
/// |r + γᵏ·(1 − terminated)·max_a Q(s′, a) − Q(s, a)|. Two batched forward passes per batch; no allocation once
/// buffers have grown to the batch capacity.
/// </summary>
public sealed class InitialPriorityCalculator
{
    private readonly IQNetwork _network;
    private float[] _q = [];
    private float[] _nextQ = [];

    public InitialPriorityCalculator(IQNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
    }

    /// <summary>Writes |TD| of rows 0..<paramref name="count"/> of <paramref name="batch"/> into its InitialPriorities.</summary>
    public void Compute(TransitionBatch batch, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, batch.Capacity);
        var actions = _network.Spec.ActionCount;
        if (_q.Length < count * actions)
        {
            _q = new float[batch.Capacity * actions];
            _nextQ = new float[batch.Capacity * actions];
        }

        var observationFloats = count * batch.ObsDim;
        _network.Forward(batch.Observations.AsSpan(0, observationFloats), count, _q);
        _network.Forward(batch.NextObservations.AsSpan(0, observationFloats), count, _nextQ);
        for (var i = 0; i < count; i++)
        {
            var next = _nextQ.AsSpan(i * actions, actions);
            var bootstrap = batch.Terminated[i] ? 0f : batch.Discounts[i] * next[QValues.ArgMax(next)];
            var action = batch.Actions[i];
            if ((uint)action >= (uint)actions)
            {
                throw new ArgumentException($"action {action} of transition {i} is outside 0..{actions - 1}", nameof(batch));
            }

            batch.InitialPriorities[i] = MathF.Abs(batch.Rewards[i] + bootstrap - _q[(i * actions) + action]);
        }
    }
}
