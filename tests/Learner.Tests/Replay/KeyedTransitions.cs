using Flock.Learner.Replay;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Replay;

/// <summary>
/// Test transitions whose every field is a function of the insertion key they will get, so a sampled row
/// can be checked against its key.
/// </summary>
internal static class KeyedTransitions
{
    public static float Observation(long key, int d) => (key * 10) + d;

    public static float NextObservation(long key, int d) => -((key * 10) + d);

    public static int Action(long key) => (int)(key % 7);

    public static float Reward(long key) => key;

    public static float Discount(long key) => 1f / (1 + (key % 5));

    public static bool Terminated(long key) => key % 3 == 0;

    /// <summary>A batch whose rows will get keys firstKey, firstKey+1, … with the given initial priorities.</summary>
    public static TransitionBatch Batch(long firstKey, int obsDim, ReadOnlySpan<float> initialPriorities)
    {
        var count = initialPriorities.Length;
        var batch = TransitionBatch.Allocate(0, count, obsDim) with { Count = count };
        for (var i = 0; i < count; i++)
        {
            var key = firstKey + i;
            for (var d = 0; d < obsDim; d++)
            {
                batch.Observations[(i * obsDim) + d] = Observation(key, d);
                batch.NextObservations[(i * obsDim) + d] = NextObservation(key, d);
            }

            batch.Actions[i] = Action(key);
            batch.Rewards[i] = Reward(key);
            batch.Discounts[i] = Discount(key);
            batch.Terminated[i] = Terminated(key);
        }

        initialPriorities.CopyTo(batch.InitialPriorities);
        return batch;
    }

    /// <summary>Adds <paramref name="count"/> rows that take the replay's max priority.</summary>
    public static void AddAtMaxPriority(PrioritizedReplay replay, int count)
    {
        var initial = new float[count];
        initial.AsSpan().Fill(-1f);
        replay.Add(Batch(replay.InsertedCount, replay.ObsDim, initial));
    }

    /// <summary>Asserts that every filled row of <paramref name="sample"/> holds the fields of its key.</summary>
    public static void AssertRowsMatchKeys(SampledBatch sample)
    {
        var obsDim = sample.ObsDim;
        for (var i = 0; i < sample.Count; i++)
        {
            var key = sample.Keys[i];
            for (var d = 0; d < obsDim; d++)
            {
                Assert.Equal(Observation(key, d), sample.Observations[(i * obsDim) + d]);
                Assert.Equal(NextObservation(key, d), sample.NextObservations[(i * obsDim) + d]);
            }

            Assert.Equal(Action(key), sample.Actions[i]);
            Assert.Equal(Reward(key), sample.Rewards[i]);
            Assert.Equal(Discount(key), sample.Discounts[i]);
            Assert.Equal(Terminated(key), sample.Terminated[i]);
        }
    }
}
