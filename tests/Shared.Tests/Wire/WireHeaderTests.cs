using System.Buffers.Binary;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Shared.Tests.Wire;

public class WireHeaderTests
{
    [Fact]
    public void Hello_encodes_to_the_documented_little_endian_bytes()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 2, 3));

        Assert.Equal(
            "464C434B" + "0100" + "0400" + "12000000" + "00000000"
            + "02000000" + "6E31" + "01000000" + "02000000" + "03000000",
            Convert.ToHexString(bytes));
    }

    [Fact]
    public void TransitionBatch_encodes_to_the_documented_little_endian_bytes()
    {
        var batch = new TransitionBatch(
            5, 0x0102030405060708, 1, 1, [1f], [2], [-0.5f], [0.25f], [1f], [true], [-1f]);

        Assert.Equal(
            "464C434B" + "0100" + "0100" + "62000000" + "00000000"
            + "05000000" + "0807060504030201" + "01000000" + "01000000" + new string('0', 50)
            + "01000000" + "0000803F"
            + "01000000" + "02000000"
            + "01000000" + "000000BF"
            + "01000000" + "0000803E"
            + "01000000" + "0000803F"
            + "01000000" + "01"
            + "01000000" + "000080BF",
            Convert.ToHexString(WireAssert.Encode(batch)));
    }

    [Fact]
    public void An_unknown_protocol_version_gets_its_own_exception_naming_both_versions()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 7, 1, 1));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 7);

        var exception = Assert.Throws<WireProtocolVersionException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal(7, exception.ReceivedVersion);
        Assert.Equal(WireProtocol.Version, exception.SupportedVersion);
        Assert.Equal("header.version", exception.Field);
        Assert.Equal("7", exception.Value);
        Assert.Contains("peer speaks protocol 7, this build speaks 1", exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<WireFormatException>(exception);
        Assert.Throws<WireProtocolVersionException>(() => WireCodec.PeekType(bytes));
    }

    [Fact]
    public void A_wrong_magic_is_rejected_before_the_version_is_looked_at()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));
        bytes[0] = (byte)'X';
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 9);

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal("header.magic", exception.Field);
        Assert.Equal("0x4B434C58", exception.Value);
        Assert.Contains("0x4B434C46", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(65_535)]
    public void An_unknown_message_type_is_a_format_error(int type)
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)type);

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.PeekType(bytes));

        Assert.Equal("header.type", exception.Field);
        Assert.Contains("unknown message type", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"= {type}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_zero_reserved_bytes_are_rejected()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));
        bytes[13] = 1;
        Assert.Equal("header.reserved", Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default)).Field);
    }

    [Fact]
    public void A_typed_decoder_refuses_another_message_type()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.DecodeTransitionBatch(bytes, WireLimits.Default));

        Assert.Equal("header.type", exception.Field);
        Assert.Equal("Hello", exception.Value);
        Assert.Contains("expected TransitionBatch", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_buffer_is_a_truncated_header()
    {
        var exception = Assert.Throws<WireFormatException>(() => WireCodec.PeekType([0x46, 0x4C, 0x43]));
        Assert.Equal("header", exception.Field);
        Assert.Contains("needs 16 bytes but only 3 remain", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_alone_tells_a_stream_reader_how_long_the_message_is()
    {
        var bytes = WireAssert.Encode(new RunConfigEnvelope("{\"seed\":1}"));

        var header = WireHeader.Read(bytes.AsSpan(0, WireProtocol.HeaderSize));

        Assert.Equal(WireMessageType.RunConfig, header.Type);
        Assert.Equal(bytes.Length, header.MessageLength);
        Assert.Equal(bytes.Length - WireProtocol.HeaderSize, header.PayloadLength);
    }
}
