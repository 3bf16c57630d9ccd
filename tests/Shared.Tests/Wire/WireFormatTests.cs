using System.Buffers;
using System.Runtime.InteropServices;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;
using MessagePack;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// The wire is plain MessagePack: a generic MessagePack reader, knowing nothing of Flock, walks every message, and
/// a batch's tensors are single bins holding the arrays' raw little-endian bytes. Other writers' choices (compact
/// integers) are read too.
/// </summary>
public class WireFormatTests
{
    [Fact]
    public void A_TransitionBatch_is_a_MessagePack_array_whose_tensors_are_raw_little_endian_bins()
    {
        const int count = 5;
        const int obsDim = 3;
        var batch = TransitionBatch.Allocate(sourceActor: 9, capacity: 8, obsDim: obsDim) with { Count = count, WeightsVersion = 41 };
        for (var i = 0; i < batch.Observations.Length; i++)
        {
            batch.Observations[i] = i * 0.5f;
            batch.NextObservations[i] = -i;
        }

        for (var i = 0; i < count; i++)
        {
            batch.Actions[i] = i * 3;
            batch.Rewards[i] = i - 2;
            batch.Discounts[i] = 0.9f;
            batch.Terminated[i] = i == 4;
            batch.InitialPriorities[i] = i;
        }

        var runId = Guid.NewGuid();
        var reader = new MessagePackReader(WireAssert.Encode(batch, runId));

        Assert.Equal(MessagePackType.Array, reader.NextMessagePackType);
        Assert.Equal(17, reader.ReadArrayHeader());
        Assert.Equal(WireProtocol.Magic, reader.ReadUInt32());
        Assert.Equal(3, reader.ReadInt32());
        Assert.Equal((int)WireMessageType.TransitionBatch, reader.ReadInt32());
        Assert.Equal(runId, new Guid(Bin(ref reader, 16), bigEndian: true));
        Assert.Equal(9, reader.ReadInt32());
        Assert.Equal(41, reader.ReadInt64());
        Assert.Equal(count, reader.ReadInt32());
        Assert.Equal(obsDim, reader.ReadInt32());
        Assert.Equal((int)ObservationEncoding.Float32, reader.ReadInt32());
        Assert.All(Bin(ref reader, 25), b => Assert.Equal(0, b));
        Assert.Equal(Bytes<float>(batch.Observations.AsSpan(0, count * obsDim)), Bin(ref reader, count * obsDim * 4));
        Assert.Equal(Bytes<int>(batch.Actions.AsSpan(0, count)), Bin(ref reader, count * 4));
        Assert.Equal(Bytes<float>(batch.Rewards.AsSpan(0, count)), Bin(ref reader, count * 4));
        Assert.Equal(Bytes<float>(batch.NextObservations.AsSpan(0, count * obsDim)), Bin(ref reader, count * obsDim * 4));
        Assert.Equal(Bytes<float>(batch.Discounts.AsSpan(0, count)), Bin(ref reader, count * 4));
        Assert.Equal([0, 0, 0, 0, 1], Bin(ref reader, count));
        Assert.Equal(Bytes<float>(batch.InitialPriorities.AsSpan(0, count)), Bin(ref reader, count * 4));
        Assert.True(reader.End);
    }

    [Fact]
    public void A_uint8_TransitionBatch_carries_its_observations_as_one_byte_per_element()
    {
        const int count = 3;
        const int obsDim = 400;
        var batch = TransitionBatch.Allocate(sourceActor: 2, capacity: 4, obsDim: obsDim, ObservationEncoding.UInt8) with { Count = count };
        for (var i = 0; i < batch.ObservationBytes.Length; i++)
        {
            batch.ObservationBytes[i] = (byte)(i % 3 == 0 ? 1 : 0);
            batch.NextObservationBytes[i] = (byte)(i % 5 == 0 ? 1 : 0);
        }

        var reader = new MessagePackReader(WireAssert.Encode(batch));
        Assert.Equal(17, reader.ReadArrayHeader());
        for (var field = 0; field < WireProtocol.HeaderFields + 4; field++)
        {
            reader.Skip();
        }

        Assert.Equal((int)ObservationEncoding.UInt8, reader.ReadInt32());
        reader.Skip();
        Assert.Equal(batch.ObservationBytes.AsSpan(0, count * obsDim).ToArray(), Bin(ref reader, count * obsDim));
        reader.Skip();
        reader.Skip();
        Assert.Equal(batch.NextObservationBytes.AsSpan(0, count * obsDim).ToArray(), Bin(ref reader, count * obsDim));
    }

    [Fact]
    public void Every_message_is_exactly_one_MessagePack_document_a_generic_reader_can_skip() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), message =>
        {
            var reader = new MessagePackReader(WireAssert.Encode(message));
            Assert.Equal(MessagePackType.Array, reader.NextMessagePackType);
            reader.Skip();
            Assert.True(reader.End);
        }));

    [Fact]
    public void Integers_in_the_compact_widths_other_writers_pick_are_read()
    {
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, (int)WireMessageType.ActorStats, 7);
            writer.Write(3);
            writer.Write(200);
            writer.Write(70_000);
            writer.Write(0.25f);
            writer.Write(1);
            writer.Write(-1);
            writer.Write(0);
        });

        Assert.Equal(new ActorStats(3, 200, 70_000, 0.25, 1, -1, 0), WireCodec.DecodeActorStats(bytes, WireLimits.Default));
    }

    private static byte[] Bin(ref MessagePackReader reader, int expectedLength)
    {
        Assert.Equal(MessagePackType.Binary, reader.NextMessagePackType);
        var bytes = reader.ReadBytes()!.Value.ToArray();
        Assert.Equal(expectedLength, bytes.Length);
        return bytes;
    }

    private static byte[] Bytes<T>(ReadOnlySpan<T> values)
        where T : struct => MemoryMarshal.AsBytes(values).ToArray();
}
