using Flock.Learner.Replay;

namespace Flock.Learner.Tests.Replay;

/// <summary>
/// Records are one cache line for small observations and several for larger ones, and live in chunks of 2^16
/// slots: every field must come back intact whatever the record size and wherever the slot falls.
/// </summary>
public sealed class TransitionRowsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(37)]
    public void Every_field_comes_back_for_records_of_one_or_several_lines(int obsDim)
    {
        var replay = new PrioritizedReplay(new ReplayOptions(100, obsDim, betaAnnealSamples: 1), seed: 3);
        KeyedTransitions.AddAtMaxPriority(replay, 250);
        var sample = new SampledBatch(512, obsDim);
        replay.Sample(512, sample);
        Assert.All(sample.Keys, key => Assert.InRange(key, 150, 249));
        KeyedTransitions.AssertRowsMatchKeys(sample);
    }

    [Fact]
    public void Slots_in_every_chunk_and_after_wrapping_keep_their_own_transitions()
    {
        // 70,000 slots span two chunks (the second partly used); 150,000 insertions wrap the ring twice.
        var replay = new PrioritizedReplay(new ReplayOptions(70_000, 2, betaAnnealSamples: 1), seed: 4);
        KeyedTransitions.AddAtMaxPriority(replay, 150_000);
        var sample = new SampledBatch(4096, 2);
        for (var i = 0; i < 4; i++)
        {
            replay.Sample(4096, sample);
            Assert.All(sample.Keys, key => Assert.InRange(key, 80_000, 149_999));
            KeyedTransitions.AssertRowsMatchKeys(sample);
        }

        Assert.Contains(sample.Keys, key => key % 70_000 >= 65_536);
        Assert.Contains(sample.Keys, key => key % 70_000 < 65_536);
    }
}
