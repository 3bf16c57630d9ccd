using FsCheck;
using FsCheck.Fluent;
using Flock.Learner.Replay;

namespace Flock.Learner.Tests.Replay;

public sealed class PriorityTreeTests
{
    private static int[] Find(PriorityTree tree, params double[] targets)
    {
        var slots = new int[targets.Length];
        tree.FindPrefixSums(targets, slots);
        return slots;
    }

    [Fact]
    public void Prefix_sums_find_the_slot_whose_interval_contains_them_skipping_empty_ones()
    {
        var tree = new PriorityTree(5);
        tree.SetRange(0, [1f, 2f, 0f, 3f, 4f]);
        Assert.Equal([0, 0, 1, 1, 3, 3, 4, 4], Find(tree, 0, 0.999, 1, 2.999, 3, 5.5, 6, 9.999));
        Assert.Equal(10, tree.Total);
        Assert.Equal(1f, tree.Min);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.0 + 1e-15)]
    [InlineData(2.0)]
    public void A_target_at_or_past_the_total_lands_on_the_last_non_empty_slot(double fractionOfTotal)
    {
        // 75 of 100 slots filled, as in a replay that is not full yet, spread over three levels of groups.
        var tree = new PriorityTree(100);
        tree.SetRange(0, Enumerable.Range(0, 75).Select(i => 0.1f + (i % 3)).ToArray());
        Assert.Equal([74], Find(tree, tree.Total * fractionOfTotal));
    }

    [Fact]
    public void A_target_on_the_boundary_before_empty_slots_goes_to_the_next_non_empty_one()
    {
        var tree = new PriorityTree(20);
        tree.SetMany([0, 17], [1f, 1f]);
        Assert.Equal([0, 17, 0, 17, 17], Find(tree, 0.5, 1.0, Math.BitDecrement(1.0), 1.5, 2.0));
    }

    [Fact]
    public void SetMany_lets_a_later_duplicate_win_and_keeps_sums_and_minima()
    {
        var tree = new PriorityTree(70);
        tree.SetRange(1, [1f, 2f, 3f, 4f, 5f]);
        tree.SetMany([3, 65, 3], [9f, 0.25f, 0.5f]);
        Assert.Equal(1 + 2 + 0.5 + 4 + 5 + 0.25, tree.Total);
        Assert.Equal(0.5f, tree[3]);
        Assert.Equal(0.25f, tree.Min);
        Assert.Equal([1, 3, 5, 65], Find(tree, 0.5, 3.2, 12, 12.6));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    public void Ascending_targets_at_or_past_the_total_land_on_the_last_non_empty_slot(int capacity)
    {
        // Ascending targets are merged with the running sums of a lower level rather than descended from the
        // root; the far edge must behave the same. Three quarters filled, so the last nodes are empty.
        var filled = capacity * 3 / 4;
        var tree = new PriorityTree(capacity);
        tree.SetRange(0, Enumerable.Range(0, filled).Select(i => 0.1f + (i % 3)).ToArray());
        var targets = Enumerable.Range(0, 64).Select(i => tree.Total * i / 64).Concat([tree.Total, tree.Total, 2 * tree.Total]).ToArray();
        var found = Find(tree, targets);
        Assert.Equal([filled - 1, filled - 1, filled - 1], found[^3..]);
        Assert.Equal(0, found[0]);
        Assert.True(found.Zip(found.Skip(1)).All(pair => pair.First <= pair.Second), "ascending targets give ascending slots");
    }

    [Fact]
    public void An_empty_tree_has_total_0_and_min_infinity_and_a_single_slot_tree_works()
    {
        var tree = new PriorityTree(1);
        Assert.Equal(0, tree.Total);
        Assert.Equal(float.PositiveInfinity, tree.Min);
        tree.SetMany([0], [2.5f]);
        Assert.Equal([0], Find(tree, 2.4));
        Assert.Equal(2.5, tree.Total);
        Assert.Equal(2.5f, tree.Min);
    }

    /// <summary>
    /// Random range and scattered writes, over sizes from one group to four levels: sums within 1e-12 relative
    /// of a linear double sum (only the order of additions differs), minima and leaves exact, and each found
    /// slot is non-empty with its linear prefix interval containing the target to within 1e-12 of the total.
    /// </summary>
    [Fact]
    public void Sums_minima_and_searches_match_a_linear_scan()
    {
        var writes = Gen.Zip(Gen.Choose(0, 10_000), Gen.Choose(0, 4000).Select(x => x < 1000 ? 0f : x / 100f));
        var cases =
            from capacity in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(60, 600))
            from ops in Gen.ListOf(Gen.Zip(Gen.Elements(true, false), Gen.ListOf(writes)))
            from fractions in Gen.ArrayOf(Gen.Choose(0, 1_000_000).Select(x => x / 1_000_001.0), 50)
            select (capacity, ops, fractions);
        CheckAgainstLinearScan(cases);
    }

    /// <summary>
    /// The same with ascending targets, which are found by merging them with a lower level's running sums (the
    /// level depends on how many there are), down to leaf groups for the small trees, and over sizes where the
    /// merge stops one or two levels above them. Mostly empty slots make whole empty nodes for it to pass over.
    /// </summary>
    [Fact]
    public void Searches_for_ascending_targets_match_a_linear_scan()
    {
        var writes = Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(0, 4000).Select(x => x < 3000 ? 0f : x / 100f));
        var cases =
            from capacity in Gen.OneOf(Gen.Choose(9, 600), Gen.Choose(3000, 20_000))
            from ops in Gen.ListOf(Gen.Zip(Gen.Elements(true, false), Gen.ListOf(writes)))
            from count in Gen.Choose(2, 400)
            from fractions in Gen.ArrayOf(Gen.Choose(0, 1_000_000).Select(x => x / 1_000_001.0), count)
            select (capacity, ops, fractions: fractions.Order().ToArray());
        CheckAgainstLinearScan(cases);
    }

    private static void CheckAgainstLinearScan(Gen<(int capacity, List<(bool, List<(int, float)>)> ops, double[] fractions)> cases)
    {
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var tree = new PriorityTree(c.capacity);
            var naive = new float[c.capacity];
            foreach (var (asRange, list) in c.ops)
            {
                if (list.Count == 0)
                {
                    continue;
                }

                if (asRange)
                {
                    var first = list[0].Item1 % c.capacity;
                    var values = list.Take(c.capacity - first).Select(w => w.Item2).ToArray();
                    tree.SetRange(first, values);
                    values.CopyTo(naive, first);
                }
                else
                {
                    var slots = list.Select(w => w.Item1 % c.capacity).ToArray();
                    var values = list.Select(w => w.Item2).ToArray();
                    tree.SetMany(slots, values);
                    for (var i = 0; i < slots.Length; i++)
                    {
                        naive[slots[i]] = values[i];
                    }
                }
            }

            var total = naive.Sum(p => (double)p);
            Assert.InRange(Math.Abs(tree.Total - total), 0, 1e-12 * total);
            Assert.Equal(naive.Where(p => p > 0).DefaultIfEmpty(float.PositiveInfinity).Min(), tree.Min);
            Assert.Equal(naive, Enumerable.Range(0, c.capacity).Select(i => tree[i]));
            if (total == 0)
            {
                return;
            }

            var targets = c.fractions.Select(f => f * tree.Total).ToArray();
            var expectedTargets = targets.ToArray();
            var found = new int[targets.Length];
            tree.FindPrefixSums(targets, found);
            for (var i = 0; i < found.Length; i++)
            {
                var slot = found[i];
                Assert.True(naive[slot] > 0, $"slot {slot} is empty");
                var before = naive.Take(slot).Sum(p => (double)p);
                Assert.InRange(expectedTargets[i], before - (1e-12 * total), before + naive[slot] + (1e-12 * total));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
