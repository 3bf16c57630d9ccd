using FsCheck;
using FsCheck.Fluent;
using Flock.Learner.Replay;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Replay;

/// <summary>A replay of 0/1 boards keeps them as bytes: they must come back as the same floats, and nothing else may get in.</summary>
public sealed class BinaryObservationReplayTests
{
    [Fact]
    public void Boards_come_back_exactly_with_every_other_field() =>
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), ArbMap.Default.ArbFor<int>(), (obsDim, count, seed) =>
        {
            var random = new Random(seed);
            var batch = TransitionBatch.Allocate(0, count, obsDim) with { Count = count };
            for (var i = 0; i < count * obsDim; i++)
            {
                batch.Observations[i] = random.Next(2);
                batch.NextObservations[i] = random.Next(2);
            }

            for (var i = 0; i < count; i++)
            {
                batch.Actions[i] = random.Next(6);
                batch.Rewards[i] = random.Next(-3, 4);
                batch.Discounts[i] = 0.97f;
                batch.Terminated[i] = random.Next(2) == 0;
                batch.InitialPriorities[i] = -1;
            }

            var replay = new PrioritizedReplay(new ReplayOptions(64, obsDim, betaAnnealSamples: 1) { BinaryObservations = true }, seed: 1);
            replay.Add(batch);
            var sample = new SampledBatch(32, obsDim);
            replay.Sample(32, sample);
            for (var row = 0; row < 32; row++)
            {
                var source = (int)sample.Keys[row];
                if (!sample.Observations.AsSpan(row * obsDim, obsDim).SequenceEqual(batch.Observations.AsSpan(source * obsDim, obsDim))
                    || !sample.NextObservations.AsSpan(row * obsDim, obsDim).SequenceEqual(batch.NextObservations.AsSpan(source * obsDim, obsDim))
                    || sample.Actions[row] != batch.Actions[source] || sample.Rewards[row] != batch.Rewards[source]
                    || sample.Terminated[row] != batch.Terminated[source] || sample.Discounts[row] != batch.Discounts[source])
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_batch_with_a_value_other_than_0_or_1_is_refused_whole_and_named()
    {
        var replay = new PrioritizedReplay(new ReplayOptions(64, 4, betaAnnealSamples: 1) { BinaryObservations = true }, seed: 1);
        var batch = TransitionBatch.Allocate(7, 3, 4) with { Count = 3 };
        batch.NextObservations[9] = 0.5f;
        var error = Assert.Throws<ArgumentException>(() => replay.Add(batch));
        Assert.Contains("actor 7 has next observation value 0.5 in row 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, replay.Count);
    }
}
