using FsCheck;
using FsCheck.Fluent;
using Flock.Learner.Replay;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Replay;

/// <summary>
/// A replay of 0/1 boards takes them as bytes (UInt8 batches) and keeps them so: they must come back widened to
/// the same values as floats, and nothing else may get in (another cell value, or a batch of floats).
/// </summary>
public sealed class BinaryObservationReplayTests
{
    [Fact]
    public void Boards_come_back_exactly_with_every_other_field() =>
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), ArbMap.Default.ArbFor<int>(), (obsDim, count, seed) =>
        {
            var random = new Random(seed);
            var batch = TransitionBatch.Allocate(0, count, obsDim, ObservationEncoding.UInt8) with { Count = count };
            for (var i = 0; i < count * obsDim; i++)
            {
                batch.ObservationBytes[i] = (byte)random.Next(2);
                batch.NextObservationBytes[i] = (byte)random.Next(2);
            }

            for (var i = 0; i < count; i++)
            {
                batch.Actions[i] = random.Next(6);
                batch.Rewards[i] = random.Next(-3, 4);
                batch.Discounts[i] = 0.97f;
                batch.Terminated[i] = random.Next(2) == 0;
                batch.InitialPriorities[i] = -1;
            }

            var replay = Replay(obsDim);
            replay.Add(batch);
            var sample = new SampledBatch(32, obsDim);
            replay.Sample(32, sample);
            for (var row = 0; row < 32; row++)
            {
                var source = (int)sample.Keys[row];
                if (!sample.Observations.AsSpan(row * obsDim, obsDim).SequenceEqual(Widened(batch.ObservationBytes.AsSpan(source * obsDim, obsDim)))
                    || !sample.NextObservations.AsSpan(row * obsDim, obsDim).SequenceEqual(Widened(batch.NextObservationBytes.AsSpan(source * obsDim, obsDim)))
                    || sample.Actions[row] != batch.Actions[source] || sample.Rewards[row] != batch.Rewards[source]
                    || sample.Terminated[row] != batch.Terminated[source] || sample.Discounts[row] != batch.Discounts[source])
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData(2)]
    [InlineData(255)]
    public void A_batch_with_a_value_other_than_0_or_1_is_refused_whole_and_named(byte value)
    {
        var replay = Replay(4);
        var batch = TransitionBatch.Allocate(7, 3, 4, ObservationEncoding.UInt8) with { Count = 3 };
        batch.NextObservationBytes[9] = value;
        var error = Assert.Throws<ArgumentException>(() => replay.Add(batch));
        Assert.Contains($"actor 7 has next observation value {value} in row 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, replay.Count);
    }

    [Fact]
    public void A_float_batch_is_refused_by_a_replay_of_boards_and_a_board_batch_by_a_replay_of_floats()
    {
        var floats = TransitionBatch.Allocate(7, 3, 4) with { Count = 3 };
        var boards = TransitionBatch.Allocate(7, 3, 4, ObservationEncoding.UInt8) with { Count = 3 };
        var error = Assert.Throws<ArgumentException>(() => Replay(4).Add(floats));
        Assert.Contains("has Float32 observations but this replay stores UInt8", error.Message, StringComparison.Ordinal);
        var floatReplay = new PrioritizedReplay(new ReplayOptions(64, 4, betaAnnealSamples: 1), seed: 1);
        Assert.Throws<ArgumentException>(() => floatReplay.Add(boards));
        Assert.Equal(0, floatReplay.Count);
    }

    [Fact]
    public void A_board_batch_whose_byte_arrays_are_shorter_than_Count_rows_is_refused()
    {
        var batch = TransitionBatch.Allocate(7, 3, 4, ObservationEncoding.UInt8) with { Count = 3, NextObservationBytes = new byte[11] };
        var error = Assert.Throws<ArgumentException>(() => Replay(4).Add(batch));
        Assert.Contains("arrays do not all hold that many rows", error.Message, StringComparison.Ordinal);
    }

    private static PrioritizedReplay Replay(int obsDim) =>
        new(new ReplayOptions(64, obsDim, betaAnnealSamples: 1) { ObservationEncoding = ObservationEncoding.UInt8 }, seed: 1);

    private static float[] Widened(ReadOnlySpan<byte> cells)
    {
        var floats = new float[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            floats[i] = cells[i];
        }

        return floats;
    }
}
