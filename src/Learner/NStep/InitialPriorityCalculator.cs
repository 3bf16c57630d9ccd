using System.Numerics.Tensors;
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
    private float[] _widened = [];

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
        _network.Forward(NetworkInput(batch.Observations, batch.ObservationBytes, batch.Encoding, observationFloats), count, _q);
        _network.Forward(NetworkInput(batch.NextObservations, batch.NextObservationBytes, batch.Encoding, observationFloats), count, _nextQ);
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

    /// <summary>
    /// The first <paramref name="length"/> observations as the network reads them: the floats themselves, or a
    /// board's bytes widened into a scratch buffer (grown once to the largest batch, then reused).
    /// </summary>
    private ReadOnlySpan<float> NetworkInput(float[] floats, byte[] bytes, ObservationEncoding encoding, int length)
    {
        if (encoding != ObservationEncoding.UInt8)
        {
            return floats.AsSpan(0, length);
        }

        if (_widened.Length < length)
        {
            _widened = new float[length];
        }

        var widened = _widened.AsSpan(0, length);
        TensorPrimitives.ConvertTruncating(bytes.AsSpan(0, length), widened);
        return widened;
    }
}
