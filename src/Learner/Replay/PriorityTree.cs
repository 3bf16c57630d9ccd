using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Flock.Learner.Replay;

/// <summary>
/// The stored priority of every replay slot, with a sum tree over them (Σp for proportional sampling, by
/// descending to the slot at a prefix sum) and a min tree (the smallest p, which fixes the largest importance
/// weight). Both trees share the leaves and change together, since every update touches both.
/// <para>
/// Shape: fan-out 8, so a million slots need 7 levels above the leaves instead of 20. The 8 nodes under one
/// parent form a group, stored as their 8 inclusive prefix sums (one cache line, all a descent reads) followed
/// by their 8 masses (read only by updates and at the far edge). A descent picks the child by comparing the
/// target with all 8 prefixes at once (SIMD), with no data-dependent branch, which on random targets would be
/// mispredicted half the time. Groups and leaf groups start on cache-line boundaries, so each is one miss.
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

    /// <summary>Doubles per group: 8 inclusive prefix sums, then 8 masses.</summary>
    private const int GroupStride = 2 * Fanout;

    private const int CacheLineBytes = 64;

    /// <summary>Beyond these two levels above the leaves the tree is small enough to stay in cache.</summary>
    private const int ColdLevels = 2;

    /// <summary>Priorities from <see cref="_leafBase"/> on; pinned so that the aligned start stays aligned.</summary>
    private readonly float[] _leaves;

    private readonly int _leafBase;

    /// <summary>Per level, bottom (parents of leaf groups) to top (the root alone): groups from <see cref="_sumBases"/> on.</summary>
    private readonly double[][] _sums;

    private readonly int[] _sumBases;

    /// <summary>Per level, the minimum under each node, node k at index k.</summary>
    private readonly float[][] _mins;

    /// <summary>Per level, how many nodes it has.</summary>
    private readonly int[] _nodeCounts;

    /// <summary>
    /// Inclusive running sums of the masses of all nodes at <see cref="_boundsLevel"/>, left to right, for
    /// sorted searches (<see cref="FindPrefixSums"/>); rebuilt on first use after a change.
    /// </summary>
    private double[] _bounds = [];

    /// <summary>Level <see cref="_bounds"/> was built for; -1 once a change made it stale.</summary>
    private int _boundsLevel = -1;

    public PriorityTree(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _leaves = AllocateAligned<float>(Groups(capacity) * Fanout, out _leafBase);
        var levels = 1;
        for (var nodes = Groups(capacity); nodes > 1; nodes = Groups(nodes))
        {
            levels++;
        }

        _sums = new double[levels][];
        _sumBases = new int[levels];
        _mins = new float[levels][];
        _nodeCounts = new int[levels];
        var count = capacity;
        for (var level = 0; level < levels; level++)
        {
            count = Groups(count);
            _nodeCounts[level] = count;
            _sums[level] = AllocateAligned<double>(Groups(count) * GroupStride, out _sumBases[level]);
            _mins[level] = new float[Groups(count) * Fanout];
            _mins[level].AsSpan().Fill(float.PositiveInfinity);
        }
    }

    /// <summary>Σ p over all slots: the root's mass.</summary>
    public double Total => _sums[^1][_sumBases[^1] + Fanout];

    /// <summary>Smallest priority of a non-empty slot; +∞ while all are empty.</summary>
    public float Min => _mins[^1][0];

    /// <summary>Priority of <paramref name="slot"/>, 0 while empty.</summary>
    public float this[int slot] => Leaves[slot];

    /// <summary>Sets consecutive slots, then recomputes each level's affected nodes and groups once.</summary>
    public void SetRange(int firstSlot, ReadOnlySpan<float> priorities)
    {
        if (priorities.IsEmpty)
        {
            return;
        }

        priorities.CopyTo(Leaves.Slice(firstSlot));
        _boundsLevel = -1;
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
                RecomputePrefixes(level, group);
            }
        }
    }

    /// <summary>
    /// Sets scattered slots (a later duplicate wins), then recomputes their ancestors one level at a time for
    /// all of them together: different slots' paths are independent loads, so their cache misses overlap.
    /// An ancestor shared by non-consecutive slots is recomputed more than once, which costs less than sorting;
    /// every recompute reads the children as they are now, so the result does not depend on the order.
    /// </summary>
    public void SetMany(ReadOnlySpan<int> slots, ReadOnlySpan<float> priorities)
    {
        var leaves = Leaves;

        // Scattered slots miss the cache at the leaves and at the lowest levels (the rest stay in it). Asking for
        // all those lines first overlaps their misses; the writes and recomputes below then find them on the way.
        var previousLeafGroup = -1;
        for (var i = 0; i < slots.Length; i++)
        {
            var leafGroup = slots[i] >> FanoutShift;
            if (leafGroup != previousLeafGroup)
            {
                Prefetch(ref leaves[leafGroup << FanoutShift]);
                for (int level = 0, node = leafGroup; level < Math.Min(_sums.Length, ColdLevels); level++, node >>= FanoutShift)
                {
                    ref var group = ref _sums[level][_sumBases[level] + ((node >> FanoutShift) * GroupStride)];
                    Prefetch(ref group);
                    Prefetch(ref Unsafe.Add(ref group, Fanout));
                    Prefetch(ref _mins[level][node]);
                }

                previousLeafGroup = leafGroup;
            }
        }

        for (var i = 0; i < slots.Length; i++)
        {
            leaves[slots[i]] = priorities[i];
        }

        _boundsLevel = -1;

        for (var level = 0; level < _sums.Length; level++)
        {
            var shift = FanoutShift * (level + 1);
            var previousNode = -1;
            var previousGroup = -1;
            for (var i = 0; i < slots.Length; i++)
            {
                // Keys of one sample arrive in slot order, so consecutive slots often share an ancestor, and
                // ancestors a group: each is recomputed once per run, a group's prefixes when the run leaves it.
                var node = slots[i] >> shift;
                if (node != previousNode)
                {
                    RecomputeNode(level, node);
                    var group = node >> FanoutShift;
                    if (group != previousGroup && previousGroup >= 0)
                    {
                        RecomputePrefixes(level, previousGroup);
                    }

                    previousNode = node;
                    previousGroup = group;
                }
            }

            if (previousGroup >= 0)
            {
                RecomputePrefixes(level, previousGroup);
            }
        }
    }

    /// <summary>
    /// For each target prefix sum, finds the slot whose cumulative interval contains it. All searches descend
    /// one level at a time together, and each prefetches the group it will read next, so their cache misses
    /// overlap. Ascending targets skip the upper levels: one merge with a lower level's running sums places them
    /// all (see <see cref="SortedStartLevel"/>). Rounding can leave a target at or past the total, or past the
    /// sum of the group it reached; the descent then takes the group's last child of positive mass and keeps the
    /// target, so it never enters an empty subtree and ends on the last non-empty slot. Requires
    /// <see cref="Total"/> &gt; 0.
    /// </summary>
    /// <param name="targets">Prefix sums in [0, Total); overwritten with the remainders within the found slots.</param>
    /// <param name="slots">Receives the slot for each target; same length as <paramref name="targets"/>.</param>
    public void FindPrefixSums(Span<double> targets, Span<int> slots)
    {
        if (slots.Length != targets.Length)
        {
            throw new ArgumentException("One slot is needed per target.", nameof(slots));
        }

        var leaves = Leaves;
        var start = SortedStartLevel(targets);
        if (start < 0)
        {
            // slots[i] holds the group being searched: group 0 of the top level, which holds the root, first.
            slots.Clear();
            start = _sums.Length;
        }
        else
        {
            MergeSorted(start, targets, slots);
        }

        for (var level = start - 1; level > 0; level--)
        {
            var below = _sums[level - 1].AsSpan(_sumBases[level - 1]);
            DescendLevel(_sums[level].AsSpan(_sumBases[level]), targets, slots, ref MemoryMarshal.GetReference(below), GroupStride);
        }

        if (start > 0)
        {
            DescendLevel(_sums[0].AsSpan(_sumBases[0]), targets, slots, ref Unsafe.As<float, double>(ref MemoryMarshal.GetReference(leaves)), Fanout / 2);
        }

        for (var i = 0; i < slots.Length; i++)
        {
            var group = slots[i];
            slots[i] = (group << FanoutShift) + ChooseLeaf(leaves.Slice(group << FanoutShift, Fanout), ref targets[i]);
        }
    }

    /// <summary>
    /// For ascending targets (stratified sampling draws them so), the level from which they are found at once
    /// by merging them with <see cref="_bounds"/>, instead of each descending from the root: the lowest level
    /// with at most four nodes per target, so the merge costs no more than the descents it replaces. -1 when
    /// the targets are not ascending, or too few for any level but the root's.
    /// </summary>
    private int SortedStartLevel(ReadOnlySpan<double> targets)
    {
        for (var i = 1; i < targets.Length; i++)
        {
            if (!(targets[i - 1] <= targets[i]))
            {
                return -1;
            }
        }

        for (var level = 0; level < _sums.Length - 1; level++)
        {
            if (_nodeCounts[level] <= 4L * targets.Length)
            {
                return level;
            }
        }

        return -1;
    }

    /// <summary>
    /// Finds, for each of the ascending targets, the node at <paramref name="level"/> whose interval of the
    /// running sum holds it: the first whose inclusive bound exceeds the target, so empty nodes (equal bounds)
    /// are passed over. The target is reduced by the bound before it, and slots[i] receives the node, which is
    /// the group searched one level down. A target at or past the last bound (rounding at the far edge: the
    /// running sum and the tree's total may differ in the last bits) takes the last node of positive mass and
    /// keeps its excess over the bound before it, so the descent below stays at its far edge.
    /// </summary>
    private void MergeSorted(int level, Span<double> targets, Span<int> slots)
    {
        var bounds = Bounds(level);
        targets = targets[..slots.Length];
        var childStride = level > 0 ? GroupStride : Fanout / 2;
        ref var next = ref level > 0
            ? ref MemoryMarshal.GetReference(_sums[level - 1].AsSpan(_sumBases[level - 1]))
            : ref Unsafe.As<float, double>(ref MemoryMarshal.GetReference(Leaves));
        var node = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            var t = targets[i];
            while (node < bounds.Length && bounds[node] <= t)
            {
                node++;
            }

            var chosen = node < bounds.Length ? node : LastPositiveNode(level);
            targets[i] = chosen > 0 ? t - bounds[chosen - 1] : t;
            slots[i] = chosen;

            // As in DescendLevel: the group below is read only after every target is placed.
            Prefetch(ref Unsafe.Add(ref next, (nint)chosen * childStride));
        }
    }

    /// <summary><see cref="_bounds"/> for <paramref name="level"/>, rebuilt if a change or another level made it stale.</summary>
    private ReadOnlySpan<double> Bounds(int level)
    {
        var count = _nodeCounts[level];
        if (_boundsLevel != level)
        {
            if (_bounds.Length < count)
            {
                // Grows once per level the searches need, so the steady state allocates nothing.
                _bounds = new double[count];
            }

            var sums = _sums[level].AsSpan(_sumBases[level]);
            var running = 0.0;
            for (var node = 0; node < count; node++)
            {
                running += sums[((node >> FanoutShift) * GroupStride) + Fanout + (node & (Fanout - 1))];
                _bounds[node] = running;
            }

            _boundsLevel = level;
        }

        return _bounds.AsSpan(0, count);
    }

    /// <summary>Last node at <paramref name="level"/> with positive mass; 0 if there is none.</summary>
    private int LastPositiveNode(int level)
    {
        var sums = _sums[level].AsSpan(_sumBases[level]);
        for (var node = _nodeCounts[level] - 1; node > 0; node--)
        {
            if (sums[((node >> FanoutShift) * GroupStride) + Fanout + (node & (Fanout - 1))] > 0)
            {
                return node;
            }
        }

        return 0;
    }

    /// <summary>
    /// Moves every search down one level: from the group in slots[i] to the chosen child, which is the group
    /// searched at the next level. The child's group there (<paramref name="childStride"/> doubles apart from
    /// <paramref name="next"/>) is read only once this level is done for every target; by then its load,
    /// started here, has overlapped with hundreds of others instead of stalling this search on its own. A
    /// method of its own so that the loop's few variables stay in registers.
    /// </summary>
    private static void DescendLevel(ReadOnlySpan<double> sums, Span<double> targets, Span<int> slots, ref double next, int childStride)
    {
        targets = targets[..slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            var group = slots[i];
            var child = (group << FanoutShift) + ChooseInGroup(sums.Slice(group * GroupStride, GroupStride), ref targets[i]);
            slots[i] = child;

            // The child exists, so its group lies inside the array; a prefetch would not fault anyway.
            Prefetch(ref Unsafe.Add(ref next, (nint)child * childStride));
        }
    }

    private Span<float> Leaves => _leaves.AsSpan(_leafBase);

    /// <summary>
    /// Child of a group whose interval [I_{j-1}, I_j) holds <paramref name="target"/>, which is reduced by
    /// I_{j-1} (0 for the first child). That child is the first whose inclusive prefix I_j exceeds the target, so
    /// its index is the count of prefixes ≤ target: one vector comparison, no branch on where the target falls.
    /// Zero-mass children repeat their predecessor's prefix and are passed over. A target at or past the group's
    /// total I_7 (rounding at the far edge) takes the last child of positive mass and stays as it is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChooseInGroup(ReadOnlySpan<double> group, ref double target)
    {
        var t = target;
        ref var prefixes = ref MemoryMarshal.GetReference(group);
        uint atOrBelow;
        if (Vector512.IsHardwareAccelerated)
        {
            atOrBelow = (uint)Vector512.LessThanOrEqual(Vector512.LoadUnsafe(ref prefixes), Vector512.Create(t)).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var bound = Vector256.Create(t);
            atOrBelow = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref prefixes, 0), bound).ExtractMostSignificantBits()
                | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref prefixes, 4), bound).ExtractMostSignificantBits() << 4);
        }
        else
        {
            var bound = Vector128.Create(t);
            atOrBelow = Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 0), bound).ExtractMostSignificantBits()
                | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 2), bound).ExtractMostSignificantBits() << 2)
                | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 4), bound).ExtractMostSignificantBits() << 4)
                | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref prefixes, 6), bound).ExtractMostSignificantBits() << 6);
        }

        var chosen = BitOperations.PopCount(atOrBelow);
        if (chosen == Fanout)
        {
            return LastPositive(group.Slice(Fanout, Fanout));
        }

        // I_{chosen-1}, or +0 for the first child, without a branch (a random target picks child 0 one time in
        // eight, too often to predict): read I_0 instead of I_{-1}, then clear its bits when chosen is 0.
        var previous = chosen - 1;
        var bits = BitConverter.DoubleToInt64Bits(Unsafe.Add(ref prefixes, previous & ~(previous >> 31)));
        bits &= -(long)((uint)-chosen >> 31);
        target = t - BitConverter.Int64BitsToDouble(bits);
        return chosen;
    }

    /// <summary>
    /// Leaf of a leaf group whose interval holds <paramref name="target"/>: the count of its inclusive prefixes
    /// (added in the order of <see cref="RecomputeNode"/>) that are ≤ target, with no branch on the target. The
    /// prefix before that leaf, the largest one ≤ target (prefixes never decrease), is subtracted, so the
    /// remainder is never negative. Past the group's total, the last non-empty leaf.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChooseLeaf(ReadOnlySpan<float> leaves, ref double target)
    {
        var t = target;
        var prefixes = LeafPrefixes(leaves);
        var atOrBelow = Vector512.LessThanOrEqual(prefixes, Vector512.Create(t));
        var passed = BitOperations.PopCount(atOrBelow.ExtractMostSignificantBits());
        if (passed == Fanout)
        {
            return LastPositive(leaves);
        }

        // No NaN and no negative prefix, so the plain hardware maximum is exact; 0 when none is ≤ target.
        var before = Vector512.ConditionalSelect(atOrBelow, prefixes, Vector512<double>.Zero);
        var four = Vector256.MaxNative(before.GetLower(), before.GetUpper());
        var two = Vector128.MaxNative(four.GetLower(), four.GetUpper());
        target = t - Vector128.MaxNative(two, Vector128.Shuffle(two, Vector128.Create(1L, 0L))).ToScalar();
        return passed;
    }

    /// <summary>
    /// Inclusive prefix sums of a leaf group's 8 priorities, in double, added left to right. The floats are
    /// widened as one vector rather than one by one: a scalar float-to-double conversion writes only part of
    /// its register, and the false dependency that leaves would chain every group's loads and sums after the
    /// previous group's, so their cache misses could not overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LeafPrefixes(ReadOnlySpan<float> leaves)
    {
        var (low, high) = Vector256.Widen(Vector256.Create<float>(leaves));
        var p0 = low.GetElement(0);
        var p1 = p0 + low.GetElement(1);
        var p2 = p1 + low.GetElement(2);
        var p3 = p2 + low.GetElement(3);
        var p4 = p3 + high.GetElement(0);
        var p5 = p4 + high.GetElement(1);
        var p6 = p5 + high.GetElement(2);
        var p7 = p6 + high.GetElement(3);
        return Vector512.Create(Vector256.Create(p0, p1, p2, p3), Vector256.Create(p4, p5, p6, p7));
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
            var leaves = Leaves.Slice(node << FanoutShift, Fanout);
            mass = LeafPrefixes(leaves).GetElement(Fanout - 1);

            // Empty slots (0) count as +∞, so an all-empty group has minimum +∞.
            var values = Vector256.Create<float>(leaves);
            min = MinOf(Vector256.ConditionalSelect(Vector256.GreaterThan(values, Vector256<float>.Zero), values, Vector256.Create(float.PositiveInfinity)));
        }
        else
        {
            // The children's total is their last inclusive prefix: the very sum of their masses, left to right.
            mass = _sums[level - 1][_sumBases[level - 1] + (node * GroupStride) + Fanout - 1];
            min = MinOf(Vector256.Create<float>(_mins[level - 1].AsSpan(node << FanoutShift, Fanout)));
        }

        _sums[level][_sumBases[level] + ((node >> FanoutShift) * GroupStride) + Fanout + (node & (Fanout - 1))] = mass;
        _mins[level][node] = min;
    }

    /// <summary>
    /// Smallest of 8 priorities, each positive or +∞. With neither NaN nor signed zeros to order, the plain
    /// hardware minimum (MinNative) is exact, and a vector of it costs less than eight scalar comparisons.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MinOf(Vector256<float> values)
    {
        var four = Vector128.MinNative(values.GetLower(), values.GetUpper());
        var two = Vector128.MinNative(four, Vector128.Shuffle(four, Vector128.Create(2, 3, 0, 1)));
        return Vector128.MinNative(two, Vector128.Shuffle(two, Vector128.Create(1, 0, 3, 2))).ToScalar();
    }

    /// <summary>Inclusive prefix sums of a group's masses, left to right, so the last is their plain sum.</summary>
    private void RecomputePrefixes(int level, int group)
    {
        var sums = _sums[level].AsSpan(_sumBases[level] + (group * GroupStride), GroupStride);
        var prefix = 0.0;
        for (var j = 0; j < Fanout; j++)
        {
            prefix += sums[Fanout + j];
            sums[j] = prefix;
        }
    }

    /// <summary>
    /// A pinned array with room to start at a cache-line boundary, and the index of that start. Pinned (on the
    /// pinned object heap) because the GC would otherwise be free to move it off the boundary.
    /// </summary>
    private static unsafe T[] AllocateAligned<T>(int length, out int start)
        where T : unmanaged
    {
        var perLine = CacheLineBytes / sizeof(T);
        var array = GC.AllocateArray<T>(length + perLine, pinned: true);
        var offset = (int)((nuint)Unsafe.AsPointer(ref array[0]) % CacheLineBytes);
        start = offset == 0 ? 0 : (CacheLineBytes - offset) / sizeof(T);
        return array;
    }

    /// <summary>
    /// A hint to load the line holding <paramref name="value"/>. It never faults, so an address past the end of
    /// the used part is harmless; without SSE (Arm) the later access simply waits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T value)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref value));
        }
    }

    private static int Groups(int count) => (count + Fanout - 1) >> FanoutShift;
}
