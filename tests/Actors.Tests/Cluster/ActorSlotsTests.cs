using Flock.Actors.Cluster;
using Flock.Learner.Exploration;

namespace Flock.Actors.Tests.Cluster;

public sealed class ActorSlotsTests
{
    [Fact]
    public void First_slots_get_bit_reversed_ids_so_epsilon_positions_halve_the_range()
    {
        var slots = new ActorSlots();
        Assert.Equal([0, 2048, 1024, 3072, 512, 2560], slots.Allocate(6));
    }

    [Fact]
    public void Bit_reversal_is_a_bijection_on_the_id_space()
    {
        var ids = Enumerable.Range(0, ActorSlots.SlotSpace).Select(ActorSlots.IdOfSlot).ToHashSet();
        Assert.Equal(ActorSlots.SlotSpace, ids.Count);
        Assert.All(Enumerable.Range(0, ActorSlots.SlotSpace), s => Assert.Equal(s, ActorSlots.SlotOfId(ActorSlots.IdOfSlot(s))));
    }

    [Fact]
    public void Any_number_of_actors_spans_the_apex_epsilon_range_evenly()
    {
        var options = new ExplorationOptions { Kind = EpsilonScheduleKind.ApeXPerActor, ApeXBase = 0.4, ApeXAlpha = 7 };
        foreach (var count in new[] { 4, 8, 16, 64 })
        {
            var ids = new ActorSlots().Allocate(count);

            // The exponent position i/(N−1) of every actor; evenly spread means each of `count` equal bins holds one.
            var positions = ids.Select(id => (double)id / (ActorSlots.SlotSpace - 1)).Order().ToArray();
            var bins = positions.Select(p => Math.Min(count - 1, (int)(p * count))).ToArray();
            Assert.Equal(Enumerable.Range(0, count), bins);

            var epsilons = ids.Select(id => EpsilonSchedule.ForActor(options, id, ActorSlots.SlotSpace).EpsilonAt(0)).ToArray();
            Assert.Equal(0.4, epsilons.Max(), 6);

            // The least exploring actor sits in the last bin: ε ≤ base^(1 + α·(N−1)/N).
            var bound = Math.Pow(0.4, 1 + (7.0 * (count - 1) / count));
            Assert.True(epsilons.Min() <= bound * 1.0001, $"with {count} actors the least exploring ε is {epsilons.Min()}, above {bound}");
        }
    }

    [Fact]
    public void Released_slots_are_reused_lowest_first_so_the_spread_survives_churn()
    {
        var slots = new ActorSlots();
        var first = slots.Allocate(2);
        var second = slots.Allocate(2);
        slots.Release(first);
        Assert.Equal(first, slots.Allocate(2));
        Assert.DoesNotContain(second[0], slots.Allocate(1));
    }

    [Fact]
    public void Claimed_ids_are_not_handed_out_again_and_double_claims_are_reported()
    {
        var slots = new ActorSlots();
        Assert.True(slots.Claim([0, 2048]));
        Assert.Equal([1024, 3072], slots.Allocate(2));
        Assert.False(slots.Claim([1024]));
    }

    [Fact]
    public void Asking_for_more_actors_than_are_left_is_refused()
    {
        var slots = new ActorSlots();
        slots.Allocate(ActorSlots.SlotSpace - 1);
        var error = Assert.Throws<InvalidOperationException>(() => slots.Allocate(2));
        Assert.Contains("room for 1 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_that_overlaps_taken_ids_takes_none_of_them()
    {
        var slots = new ActorSlots();
        Assert.True(slots.Claim([5]));
        var free = slots.Free;
        Assert.False(slots.Claim([6, 5, 7]));
        Assert.Equal(free, slots.Free);
        Assert.True(slots.Claim([6, 7]));
        Assert.False(slots.Claim([8, 8]));
    }
}
