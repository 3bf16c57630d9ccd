using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Flock.Learner.Replay;

/// <summary>
/// The stored priority of every replay slot, with a sum tree over them (Σp for proportional sampling, by
/// descending to the slot at a prefix sum) and a min tree (the smallest p, which fixes the largest importance
/// weight). Both trees share the leaves and change together, since every update touches both.
/// <para>
/// Shape: fan-out 8, so a million slots need 7 levels above the leaves instead of 20. The 8 nodes under one
/// parent form a group, stored as 8 masses followed by their 8 exclusive prefix sums (two cache lines). A
/// descent reads one group per level and picks the child by comparing the target with all 8 prefixes at once
/// (SIMD), with no data-dependent branch, which on random targets would be mispredicted half the time.
/// </para>
/// <para>
/// Sums are double: at a million float priorities a float total would swallow the small ones. Leaves are the
/// float priorities themselves, 0 for an empty slot, which the min tree skips (+∞ for an all-empty group).
/// Every mass and prefix is recomputed from the children, left to right, never adjusted by a delta: no
/// rounding error accumulates, prefixes never decrease, and each group's total equals its parent's mass.
/// </para>
/// </summary>
internal sealed class PriorityTree
{
    private const int Fanout = 8;
    private const int FanoutShift = 3;

    /// <summary>Doubles per group: 8 masses, then 8 exclusive prefix sums.</summary>
    private const int GroupStride = 2 * Fanout;

    private readonly float[] _leaves;

    /// <summary>Per level, bottom (parents of leaf groups) to top (the root alone): groups of masses and prefixes.</summary>
    private readonly double[][] _sums;

    /// <summary>Per level, the minimum under each node, node k at index k.</summary>
    private readonly float[][] _mins;

    public PriorityTree(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _leaves = new float[Groups(capacity) * Fanout];
        var levels = 1;
        for (var nodes = Groups(capacity); nodes > 1; nodes = Groups(nodes))
        {
            levels++;
        }

        _sums = new double[levels][];
        _mins = new float[levels][];
        var count = capacity;
        for (var level = 0; level < levels; level++)
        {
            count = Groups(count);
            _sums[level] = new double[Groups(count) * GroupStride];
            _mins[level] = new float[Groups(count) * Fanout];
            _mins[level].AsSpan().Fill(float.PositiveInfinity);
        }
    }

    /// <summary>Σ p over all slots: the root's mass.</summary>
    public double Total => _sums[^1][0];

    /// <summary>Smallest priority of a non-empty slot; +∞ while all are empty.</summary>
    public float Min => _mins[^1][0];

    /// <summary>Priority of <paramref name="slot"/>, 0 while empty.</summary>
    public float this[int slot] => _leaves[slot];

    /// <summary>Sets consecutive slots, then recomputes each level's affected nodes and groups once.</summary>
    public void SetRange(int firstSlot, ReadOnlySpan<float> priorities)
    {
        if (priorities.IsEmpty)
        {
            return;
        }

        priorities.CopyTo(_leaves.AsSpan(firstSlot));
        var lo = firstSlot >> FanoutShift;
        var hi = (firstSlot + priorities.Length - 1) >> FanoutShift;
        for (var level = 0; level < _sums.Length; level++)
        {
            for (var node = lo; node <= hi; node++)
            {
                RecomputeNode(level, node);
            }

            lo >>= FanoutShift;
            hi >>= FanoutShift;
            for (var group = lo; group <= hi; group++)
            {
                RecomputePrefixes(_sums[level], group);
            }
        }
    }

    /// <summary>
    /// Sets scattered slots (a later duplicate wins), then recomputes their ancestors one level at a time for
    /// all of them together: different slots' paths are independent loads, so their cache misses overlap.
    /// An ancestor shared by non-consecutive slots is recomputed more than once, which costs less than sorting.
    /// </summary>
    public void SetMany(ReadOnlySpan<int> slots, ReadOnlySpan<float> priorities)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            _leaves[slots[i]] = priorities[i];
        }

        for (var level = 0; level < _sums.Length; level++)
        {
            var shift = FanoutShift * (level + 1);
            var previous = -1;
            for (var i = 0; i < slots.Length; i++)
            {
                // Keys of one sample arrive in slot order, so near the root consecutive slots share their ancestor.
                var node = slots[i] >> shift;
                if (node != previous)
                {
                    RecomputeNode(level, node);
                    RecomputePrefixes(_sums[level], node >> FanoutShift);
                    previous = node;
                }
            }
        }
    }

    /// <summary>
    /// For each target prefix sum, finds the slot whose cumulative interval contains it. All searches descend
    /// one level at a time together, so their cache misses overlap. Rounding can leave a target at or past the
    /// total, or past the sum of the group it reached; the descent then takes the group's last child of
    /// positive mass and keeps the target, so it never enters an empty subtree and ends on the last non-empty
    /// slot. Requires <see cref="Total"/> &gt; 0.
    /// </summary>
    /// <param name="targets">Prefix sums in [0, Total); overwritten with the remainders within the found slots.</param>
    /// <param name="slots">Receives the slot for each target; same length as <paramref name="targets"/>.</param>
    public void FindPrefixSums(Span<double> targets, Span<int> slots)
    {
        if (slots.Length != targets.Length)
        {
            throw new ArgumentException("One slot is needed per target.", nameof(slots));
        }

        // slots[i] holds the group being searched: group 0 of the top level, which holds the root, first.
        slots.Clear();
        for (var level = _sums.Length - 1; level >= 0; level--)
        {
            var sums = _sums[level];
            for (var i = 0; i < slots.Length; i++)
            {
                var group = slots[i];
                slots[i] = (group << FanoutShift) + ChooseInGroup(sums.AsSpan(group * GroupStride, GroupStride), ref targets[i]);
            }
        }

        for (var i = 0; i < slots.Length; i++)
        {
            var group = slots[i];
            slots[i] = (group << FanoutShift) + ChooseLeaf(_leaves.AsSpan(group << FanoutShift, Fanout), ref targets[i]);
        }
    }

    /// <summary>
    /// Child of a group whose interval [E_j, E_j + m_j) holds <paramref name="target"/>, which is reduced by
    /// E_j. That child is the last whose exclusive prefix E_j is ≤ target: counted by one vector comparison,
    /// so there is no branch on where the target falls. Zero-mass children share their successor's prefix and
    /// are passed over. A target at or past the group's total (rounding at the far edge) takes the last child
    /// of positive mass and stays as it is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChooseInGroup(ReadOnlySpan<double> group, ref double target)
    {
        var t = target;
        ref var masses = ref MemoryMarshal.GetReference(group);
        ref var prefixes = ref Unsafe.Add(ref masses, Fanout);
        if (t >= Unsafe.Add(ref prefixes, Fanout - 1) + Unsafe.Add(ref masses, Fanout - 1))
        {
            return LastPositive(group[..Fanout]);
        }

        var bound = Vector128.Create(t);
        var atOrBelow =
            Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 0), bound).ExtractMostSignificantBits()
            | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 2), bound).ExtractMostSignificantBits() << 2)
            | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 4), bound).ExtractMostSignificantBits() << 4)
            | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 6), bound).ExtractMostSignificantBits() << 6);
        var chosen = BitOperations.PopCount(atOrBelow) - 1;
        target = t - Unsafe.Add(ref prefixes, chosen);
        return chosen;
    }

    /// <summary>
    /// Leaf of a leaf group whose interval holds <paramref name="target"/>, by a running prefix added in the
    /// order of <see cref="RecomputeNode"/>, without branching on the target: <c>before</c> adds the leaves
    /// whose prefix is still ≤ target, the leading ones, so it equals their prefix exactly and the remainder is
    /// never negative. Past the group's total, the last non-empty leaf.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChooseLeaf(ReadOnlySpan<float> leaves, ref double target)
    {
        var t = target;
        var prefix = 0.0;
        var before = 0.0;
        var passed = 0;
        for (var j = 0; j < leaves.Length; j++)
        {
            double leaf = leaves[j];
            prefix += leaf;
            var inside = prefix <= t ? 1 : 0;
            passed += inside;
            before += leaf * inside;
        }

        if (passed < leaves.Length)
        {
            target = t - before;
            return passed;
        }

        return LastPositive(leaves);
    }

    private static int LastPositive<T>(ReadOnlySpan<T> values)
        where T : INumber<T>
    {
        for (var j = values.Length - 1; j > 0; j--)
        {
            if (values[j] > T.Zero)
            {
                return j;
            }
        }

        return 0;
    }

    /// <summary>Recomputes the mass and minimum of <paramref name="node"/> at <paramref name="level"/> from its children.</summary>
    private void RecomputeNode(int level, int node)
    {
        double mass;
        float min;
        if (level == 0)
        {
            mass = 0.0;
            min = float.PositiveInfinity;
            foreach (var priority in _leaves.AsSpan(node << FanoutShift, Fanout))
            {
                mass += priority;
                min = priority > 0 ? MathF.Min(min, priority) : min;
            }
        }
        else
        {
            var children = _sums[level - 1].AsSpan(node * GroupStride, GroupStride);
            mass = children[GroupStride - 1] + children[Fanout - 1];
            min = float.PositiveInfinity;
            foreach (var childMin in _mins[level - 1].AsSpan(node << FanoutShift, Fanout))
            {
                min = MathF.Min(min, childMin);
            }
        }

        _sums[level][((node >> FanoutShift) * GroupStride) + (node & (Fanout - 1))] = mass;
        _mins[level][node] = min;
    }

    /// <summary>Exclusive prefix sums of a group's masses, left to right, so its total E_7 + m_7 is their plain sum.</summary>
    private static void RecomputePrefixes(double[] sums, int group)
    {
        var masses = sums.AsSpan(group * GroupStride, Fanout);
        var prefixes = sums.AsSpan((group * GroupStride) + Fanout, Fanout);
        var prefix = 0.0;
        for (var j = 0; j < Fanout; j++)
        {
            prefixes[j] = prefix;
            prefix += masses[j];
        }
    }

    private static int Groups(int count) => (count + Fanout - 1) >> FanoutShift;
}
