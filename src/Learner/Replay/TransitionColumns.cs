using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Flock.Shared.Messages;

namespace Flock.Learner.Replay;

/// <summary>
/// The replay's transitions as structure of arrays, one array per field, indexed by slot: copying a batch
/// in is a few block copies and there is no object per transition for the GC to trace. Knows nothing of
/// priorities or of which slots are live.
/// </summary>
internal sealed class TransitionColumns
{
    private readonly int _obsDim;
    private readonly float[] _observations;
    private readonly float[] _nextObservations;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _discounts;
    private readonly bool[] _terminated;
    private readonly long[] _keys;

    public TransitionColumns(int capacity, int obsDim)
    {
        _obsDim = obsDim;
        _observations = new float[capacity * obsDim];
        _nextObservations = new float[capacity * obsDim];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _discounts = new float[capacity];
        _terminated = new bool[capacity];
        _keys = new long[capacity];
    }

    /// <summary>Insertion key of the transition in <paramref name="slot"/>.</summary>
    public long KeyAt(int slot) => _keys[slot];

    /// <summary>Copies <paramref name="count"/> rows of <paramref name="batch"/> into consecutive slots, with consecutive keys.</summary>
    public void Write(int firstSlot, TransitionBatch batch, int firstRow, int count, long firstKey)
    {
        var obs = _obsDim;
        batch.Observations.AsSpan(firstRow * obs, count * obs).CopyTo(_observations.AsSpan(firstSlot * obs));
        batch.NextObservations.AsSpan(firstRow * obs, count * obs).CopyTo(_nextObservations.AsSpan(firstSlot * obs));
        batch.Actions.AsSpan(firstRow, count).CopyTo(_actions.AsSpan(firstSlot));
        batch.Rewards.AsSpan(firstRow, count).CopyTo(_rewards.AsSpan(firstSlot));
        batch.Discounts.AsSpan(firstRow, count).CopyTo(_discounts.AsSpan(firstSlot));
        batch.Terminated.AsSpan(firstRow, count).CopyTo(_terminated.AsSpan(firstSlot));
        var keys = _keys.AsSpan(firstSlot, count);
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = firstKey + i;
        }
    }

    /// <summary>
    /// Asks the CPU to start loading every field of <paramref name="slot"/> into cache. Sampled slots are
    /// scattered over tens of megabytes, so each row copy would otherwise wait on several cache and TLB
    /// misses in turn; prefetching the whole batch first lets those misses overlap. A prefetch is only a
    /// hint and never faults, so taking an unpinned address is harmless even if the GC moved the array
    /// meanwhile. Without SSE (Arm) it does nothing and the copy simply waits.
    /// </summary>
    public unsafe void Prefetch(int slot)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var obs = _obsDim;
        Sse.Prefetch0(Unsafe.AsPointer(ref _observations[slot * obs]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _nextObservations[slot * obs]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _actions[slot]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _rewards[slot]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _discounts[slot]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _terminated[slot]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _keys[slot]));
    }

    /// <summary>
    /// Copies the transitions in <paramref name="slots"/> into rows 0.. of <paramref name="destination"/>, one
    /// column at a time: each loop is a tight gather with no per-row call, which matters once the rows are in
    /// cache (see <see cref="Prefetch"/>).
    /// </summary>
    public void CopyRows(ReadOnlySpan<int> slots, SampledBatch destination)
    {
        CopyObservationRows(_observations, slots, destination.Observations);
        CopyObservationRows(_nextObservations, slots, destination.NextObservations);
        Gather(_actions, slots, destination.Actions);
        Gather(_rewards, slots, destination.Rewards);
        Gather(_discounts, slots, destination.Discounts);
        Gather(_terminated, slots, destination.Terminated);
        Gather(_keys, slots, destination.Keys);
    }

    private void CopyObservationRows(float[] source, ReadOnlySpan<int> slots, Span<float> destination)
    {
        var obs = _obsDim;
        for (var row = 0; row < slots.Length; row++)
        {
            var from = source.AsSpan(slots[row] * obs, obs);
            var to = destination.Slice(row * obs, obs);
            for (var d = 0; d < from.Length; d++)
            {
                to[d] = from[d];
            }
        }
    }

    private static void Gather<T>(T[] source, ReadOnlySpan<int> slots, Span<T> destination)
    {
        destination = destination[..slots.Length];
        for (var row = 0; row < slots.Length; row++)
        {
            destination[row] = source[slots[row]];
        }
    }
}
