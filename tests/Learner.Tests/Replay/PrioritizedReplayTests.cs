using Flock.Learner.Replay;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Replay;

public sealed class PrioritizedReplayTests
{
    private const int ObsDim = 2;

    private static PrioritizedReplay NewReplay(int capacity, double alpha = 0.6) =>
        new(new ReplayOptions(capacity, ObsDim, betaAnnealSamples: 1000, alpha: alpha), seed: 1);

    private static long[] StoredKeys(PrioritizedReplay replay) =>
        Enumerable.Range(0, (int)replay.InsertedCount).Select(k => (long)k).Where(k => replay.TryGetPriority(k, out _)).ToArray();

    [Fact]
    public void Once_full_each_new_transition_overwrites_the_oldest()
    {
        var replay = NewReplay(capacity: 4);
        KeyedTransitions.AddAtMaxPriority(replay, 3);
        Assert.Equal([0L, 1, 2], StoredKeys(replay));
        KeyedTransitions.AddAtMaxPriority(replay, 3);
        Assert.Equal([2L, 3, 4, 5], StoredKeys(replay));
        Assert.Equal(4, replay.Count);
        Assert.Equal(6, replay.InsertedCount);

        var sample = new SampledBatch(256, ObsDim);
        replay.Sample(256, sample);
        Assert.All(sample.Keys, key => Assert.InRange(key, 2, 5));
        Assert.Equal([2L, 3, 4, 5], sample.Keys.Distinct().Order());
        KeyedTransitions.AssertRowsMatchKeys(sample);
    }

    [Fact]
    public void A_batch_larger_than_capacity_leaves_only_its_last_rows()
    {
        var replay = NewReplay(capacity: 4);
        KeyedTransitions.AddAtMaxPriority(replay, 10);
        Assert.Equal([6L, 7, 8, 9], StoredKeys(replay));
        var sample = new SampledBatch(64, ObsDim);
        replay.Sample(64, sample);
        KeyedTransitions.AssertRowsMatchKeys(sample);
    }

    [Fact]
    public void Initial_priorities_are_floored_and_raised_to_alpha_and_negative_ones_take_the_max()
    {
        var replay = NewReplay(capacity: 8, alpha: 0.5);
        replay.Add(KeyedTransitions.Batch(0, ObsDim, [4f, -1f, 0f, 16f, -0.5f]));
        float Priority(long key) => replay.TryGetPriority(key, out var p) ? p : float.NaN;
        Assert.Equal((float)Math.Sqrt(4 + 1e-6), Priority(0));
        Assert.Equal(Priority(0), Priority(1)); // the max so far, raised from 1 by key 0
        Assert.Equal((float)Math.Sqrt(1e-6), Priority(2));
        Assert.Equal((float)Math.Sqrt(16 + 1e-6), Priority(3));
        Assert.Equal(Priority(3), Priority(4));
        Assert.Equal(Priority(3), replay.MaxPriority);
        Assert.Equal(Priority(2), replay.MinPriority);
    }

    [Fact]
    public void Updates_for_overwritten_keys_are_ignored_and_counted()
    {
        var replay = NewReplay(capacity: 4);
        KeyedTransitions.AddAtMaxPriority(replay, 6);
        var total = replay.TotalPriority;
        var stale = replay.UpdatePriorities([0, 1, 6, -5], [9f, 9f, 9f, 9f]);
        Assert.Equal(4, stale);
        Assert.Equal(4, replay.StaleUpdateCount);
        Assert.Equal(total, replay.TotalPriority);

        Assert.Equal(0, replay.UpdatePriorities([2], [9f]));
        Assert.True(replay.TryGetPriority(2, out var p));
        Assert.Equal((float)Math.Pow(9 + 1e-6, 0.6), p);
        Assert.Equal(4, replay.StaleUpdateCount);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.5f)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_bad_TD_error_is_rejected_naming_key_and_value_and_nothing_is_applied(float bad)
    {
        var replay = NewReplay(capacity: 8);
        KeyedTransitions.AddAtMaxPriority(replay, 8);
        var before = Enumerable.Range(0, 8).Select(k => replay.TryGetPriority(k, out var p) ? p : -1).ToArray();
        var total = replay.TotalPriority;

        // The valid updates come first: they must not have been applied when the bad one is found.
        var error = Assert.Throws<ArgumentException>(() => replay.UpdatePriorities([1, 2, 5], [0.25f, 3f, bad]));
        Assert.Contains("key 5", error.Message, StringComparison.Ordinal);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Enumerable.Range(0, 8).Select(k => replay.TryGetPriority(k, out var p) ? p : -1));
        Assert.Equal(total, replay.TotalPriority);
        Assert.Equal(1f, replay.MaxPriority);
    }

    [Fact]
    public void Keys_and_TD_errors_of_different_lengths_are_rejected()
    {
        var replay = NewReplay(capacity: 8);
        KeyedTransitions.AddAtMaxPriority(replay, 2);
        Assert.Throws<ArgumentException>(() => replay.UpdatePriorities([0, 1], [1f]));
    }

    [Fact]
    public void A_batch_of_another_observation_size_is_rejected_saying_both_sizes()
    {
        var replay = NewReplay(capacity: 8);
        var error = Assert.Throws<ArgumentException>(() => replay.Add(KeyedTransitions.Batch(0, ObsDim + 3, [1f])));
        Assert.Contains($"ObsDim {ObsDim + 3}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ObsDim {ObsDim}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, replay.InsertedCount);
    }

    [Fact]
    public void A_batch_whose_arrays_are_shorter_than_its_count_is_rejected()
    {
        var replay = NewReplay(capacity: 8);
        var batch = KeyedTransitions.Batch(0, ObsDim, [1f, 1f]) with { Count = 3 };
        Assert.Throws<ArgumentException>(() => replay.Add(batch));
        Assert.Equal(0, replay.InsertedCount);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_batch_with_a_non_finite_initial_priority_is_rejected_whole(float bad)
    {
        var replay = NewReplay(capacity: 8);
        var error = Assert.Throws<ArgumentException>(() => replay.Add(KeyedTransitions.Batch(0, ObsDim, [1f, bad])));
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, replay.InsertedCount);
        Assert.Equal(0, replay.TotalPriority);
    }

    [Fact]
    public void Only_the_first_Count_rows_of_a_pooled_batch_are_stored()
    {
        var replay = NewReplay(capacity: 8);
        var batch = KeyedTransitions.Batch(0, ObsDim, [1f, 1f, 1f, 1f]) with { Count = 2 };
        replay.Add(batch);
        Assert.Equal(2, replay.Count);
        Assert.Equal([0L, 1], StoredKeys(replay));
    }

    [Fact]
    public void Sampling_an_empty_replay_or_into_a_mismatched_destination_is_refused()
    {
        var replay = NewReplay(capacity: 8);
        Assert.Throws<InvalidOperationException>(() => replay.Sample(4, new SampledBatch(4, ObsDim)));
        KeyedTransitions.AddAtMaxPriority(replay, 4);
        Assert.Throws<ArgumentException>(() => replay.Sample(5, new SampledBatch(4, ObsDim)));
        Assert.Throws<ArgumentException>(() => replay.Sample(4, new SampledBatch(4, ObsDim + 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => replay.Sample(0, new SampledBatch(4, ObsDim)));
    }

    [Fact]
    public void Equal_seeds_sample_equal_keys()
    {
        static long[] Keys(ulong seed)
        {
            var replay = new PrioritizedReplay(new ReplayOptions(64, ObsDim, 1000), seed);
            replay.Add(KeyedTransitions.Batch(0, ObsDim, Enumerable.Range(0, 64).Select(i => (float)i).ToArray()));
            var sample = new SampledBatch(32, ObsDim);
            replay.Sample(32, sample);
            return sample.Keys;
        }

        Assert.Equal(Keys(5), Keys(5));
        Assert.NotEqual(Keys(5), Keys(6));
    }

    [Fact]
    public void Counters_track_inserted_and_sampled_transitions()
    {
        var replay = NewReplay(capacity: 8);
        KeyedTransitions.AddAtMaxPriority(replay, 5);
        KeyedTransitions.AddAtMaxPriority(replay, 6);
        var sample = new SampledBatch(16, ObsDim);
        replay.Sample(16, sample);
        replay.Sample(3, sample);
        Assert.Equal(11, replay.InsertedCount);
        Assert.Equal(8, replay.Count);
        Assert.Equal(19, replay.SampledCount);
        Assert.Equal(3, sample.Count);
    }

    [Fact]
    public void Adding_sampling_and_updating_allocate_nothing_in_steady_state()
    {
        var replay = new PrioritizedReplay(new ReplayOptions(4096, 4, 1_000_000), seed: 9);
        var batch = TransitionBatch.Allocate(0, 512, 4) with { Count = 512 };
        for (var i = 0; i < 512; i++)
        {
            batch.InitialPriorities[i] = i % 2 == 0 ? -1f : i;
        }

        var sample = new SampledBatch(512, 4);
        var tdErrors = Enumerable.Range(0, 512).Select(i => i * 0.01f).ToArray();

        void Cycle()
        {
            replay.Add(batch);
            replay.Sample(512, sample);
            replay.UpdatePriorities(sample.Keys, tdErrors);
        }

        for (var i = 0; i < 20; i++)
        {
            Cycle();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            Cycle();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
