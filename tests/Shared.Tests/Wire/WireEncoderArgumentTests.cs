using System.Buffers;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Shared.Tests.Wire;

/// <summary>What the encoder refuses: messages it cannot frame, and destinations too small to hold them.</summary>
public class WireEncoderArgumentTests
{
    [Fact]
    public void A_destination_one_byte_short_is_an_ArgumentException_and_is_left_untouched()
    {
        var hello = new Hello("node", 1, 1, 1);
        var destination = new byte[WireCodec.GetEncodedLength(hello) - 1];

        var exception = Assert.Throws<ArgumentException>(() => WireCodec.Encode(hello, destination));

        Assert.Equal("destination", exception.ParamName);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_Count_beyond_the_arrays_is_an_ArgumentException()
    {
        var batch = TransitionBatch.Allocate(sourceActor: 0, capacity: 2, obsDim: 3) with { Count = 3 };
        Assert.Throws<ArgumentException>(() => WireCodec.GetEncodedLength(batch));
        Assert.Throws<ArgumentException>(() => WireCodec.Encode(batch, new byte[4096]));
        Assert.Throws<ArgumentException>(() => WireCodec.Encode(batch with { Count = -1 }, new byte[4096]));
        Assert.Throws<ArgumentException>(() => WireCodec.Encode(new PriorityUpdate(2, [1], [1f]), new byte[4096]));
    }

    [Fact]
    public void An_ObsDim_below_one_is_an_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => WireCodec.GetEncodedLength(TransitionBatch.Allocate(0, 2, 1) with { ObsDim = 0 }));

    [Fact]
    public void Shapes_that_do_not_add_up_to_the_weights_are_an_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => WireCodec.GetEncodedLength(new WeightSnapshot(1, [new ParameterShape(2, 2)], new float[5])));
        Assert.Throws<ArgumentException>(() => WireCodec.GetEncodedLength(new WeightSnapshot(1, [new ParameterShape(0, 2)], [])));
    }

    [Fact]
    public void A_string_with_a_lone_surrogate_is_an_ArgumentException_not_a_silent_replacement() =>
        Assert.ThrowsAny<ArgumentException>(() => WireCodec.GetEncodedLength(new Hello("bad\uD800id", 1, 1, 1)));

    [Fact]
    public void New_messages_with_missing_arrays_are_ArgumentExceptions()
    {
        Assert.ThrowsAny<ArgumentException>(() => WireCodec.GetEncodedLength(new JoinGrant("{}", null!)));
        Assert.ThrowsAny<ArgumentException>(() => WireCodec.GetEncodedLength(new WeightsChunk(1, 0, 1, null!)));
        Assert.ThrowsAny<ArgumentException>(() => WireCodec.GetEncodedLength(new NodeStats("n", 0, null!)));
        Assert.ThrowsAny<ArgumentException>(() => WireCodec.Encode(new JoinRefused(null!), Guid.NewGuid(), new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void A_destination_too_short_for_a_run_id_message_is_an_ArgumentException()
    {
        var destination = new byte[WireCodec.GetEncodedLength(InsertAck.Instance) - 1];
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => WireCodec.Encode(InsertAck.Instance, Guid.NewGuid(), destination)).ParamName);
    }

    [Fact]
    public void Objects_that_are_not_wire_messages_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WireCodec.Encode("not a message", Guid.NewGuid(), new ArrayBufferWriter<byte>()));
        Assert.Throws<ArgumentException>(() => WireCodec.GetEncodedLength("not a message"));
        Assert.Throws<ArgumentException>(() => WireCodec.Encode(42, new byte[64]));
        Assert.Throws<ArgumentException>(() => WireCodec.Encode(new object(), new ArrayBufferWriter<byte>()));
    }
}
