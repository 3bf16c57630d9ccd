using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Shared.Tests.Wire;

public class WireHeaderTests
{
    private const string EmptyRunId = "C410" + "00000000000000000000000000000000";

    // Hello: fixarray 8, magic, version, type; the header's version byte sits at offset 6, the type at 7.
    private const int VersionOffset = 6;
    private const int TypeOffset = 7;

    [Fact]
    public void Hello_encodes_to_the_documented_MessagePack_bytes()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 2, 3));

        Assert.Equal(
            "98" + "CE464C434B" + "03" + "04" + EmptyRunId
            + "A26E31" + "D200000001" + "D200000002" + "D200000003",
            Convert.ToHexString(bytes));
    }

    [Fact]
    public void TransitionBatch_encodes_to_the_documented_MessagePack_bytes()
    {
        var batch = new TransitionBatch(
            5, 0x0102030405060708, 1, 1, [1f], [2], [-0.5f], [0.25f], [1f], [true], [-1f]);

        Assert.Equal(
            "DC0011" + "CE464C434B" + "03" + "01" + EmptyRunId
            + "D200000005" + "D30102030405060708" + "D200000001" + "D200000001" + "D200000000" + "C419" + new string('0', 50)
            + "C4040000803F"
            + "C40402000000"
            + "C404000000BF"
            + "C4040000803E"
            + "C4040000803F"
            + "C40101"
            + "C404000080BF",
            Convert.ToHexString(WireAssert.Encode(batch)));
    }

    [Fact]
    public void The_run_id_is_a_bin_16_in_RFC_4122_byte_order()
    {
        var runId = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var bytes = WireAssert.Encode(new InsertAck(), runId);
        Assert.Equal("94" + "CE464C434B" + "03" + "0C" + "C410" + "00112233445566778899AABBCCDDEEFF", Convert.ToHexString(bytes));
    }

    [Fact]
    public void An_unknown_protocol_version_gets_its_own_exception_naming_both_versions()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 7, 1, 1));
        bytes[VersionOffset] = 7;

        var exception = Assert.Throws<WireProtocolVersionException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal(7, exception.ReceivedVersion);
        Assert.Equal(WireProtocol.Version, exception.SupportedVersion);
        Assert.Equal("header.version", exception.Field);
        Assert.Equal("7", exception.Value);
        Assert.Contains("peer speaks protocol 7, this build speaks 3", exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<WireFormatException>(exception);
        Assert.Throws<WireProtocolVersionException>(() => WireCodec.PeekType(bytes));
    }

    [Fact]
    public void A_version_1_message_is_refused_as_protocol_1_not_as_garbage()
    {
        // A Hello("n1", 1, 2, 3) exactly as version 1 encoded it: little-endian "FLCK", version 1, type 4, length 18.
        var bytes = Convert.FromHexString(
            "464C434B" + "0100" + "0400" + "12000000" + "00000000"
            + "02000000" + "6E31" + "01000000" + "02000000" + "03000000");

        var exception = Assert.Throws<WireProtocolVersionException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal(1, exception.ReceivedVersion);
        Assert.Contains("peer speaks protocol 1, this build speaks 3", exception.Message, StringComparison.Ordinal);
        Assert.Throws<WireProtocolVersionException>(() => WireCodec.DecodeHello(bytes, WireLimits.Default));
        Assert.Throws<WireProtocolVersionException>(() => WireCodec.PeekType(bytes));
    }

    [Fact]
    public void A_wrong_magic_is_rejected_before_the_version_is_looked_at()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));
        bytes[5] = (byte)'X';
        bytes[VersionOffset] = 9;

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal("header.magic", exception.Field);
        Assert.Equal("0x464C4358", exception.Value);
        Assert.Contains("0x464C434B", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00, "0")]
    [InlineData(0x0D, "13")]
    [InlineData(0x7F, "127")]
    [InlineData(0xFF, "-1")]
    public void An_unknown_message_type_is_a_format_error(byte code, string shown)
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));
        bytes[TypeOffset] = code;

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.PeekType(bytes));

        Assert.Equal("header.type", exception.Field);
        Assert.Contains("unknown message type", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"= {shown}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_that_is_not_an_integer_is_a_format_error()
    {
        var bytes = WireAssert.Encode(new Hello("n1", 1, 1, 1));
        bytes[TypeOffset] = 0xC0;

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal("header.type", exception.Field);
        Assert.Contains("expected an integer but found MessagePack code 0xC0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_an_array_is_not_a_Flock_message()
    {
        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(Convert.FromHexString("A3616263"), WireLimits.Default));
        Assert.Equal("header", exception.Field);
        Assert.Contains("expected an array", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_id_that_is_not_16_bytes_is_rejected()
    {
        var bytes = MessagePackDocument.Build((ref writer) => MessagePackDocument.Header(ref writer, 12, 0, runIdBytes: 15));
        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default));
        Assert.Equal("header.runId", exception.Field);
        Assert.Contains("15 elements", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_with_fewer_elements_than_the_header_is_rejected()
    {
        var bytes = Convert.FromHexString("93" + "CE464C434B" + "02" + "0C");
        var exception = Assert.Throws<WireFormatException>(() => WireCodec.PeekType(bytes));
        Assert.Equal("header", exception.Field);
        Assert.Contains("at least 4 fields", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_with_another_field_count_than_its_type_has_is_rejected()
    {
        // An InsertAck has no payload fields; this one claims one.
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 12, 1);
            writer.Write(0);
        });

        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default));

        Assert.Equal("header", exception.Field);
        Assert.Contains("1 elements but a InsertAck's payload requires 0", exception.Message, StringComparison.Ordinal);
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
        var exception = Assert.Throws<WireFormatException>(() => WireCodec.PeekType([0x98, 0xCE, 0x46]));
        Assert.Equal("header", exception.Field);
        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_alone_tells_the_type_and_run_id_without_the_payload()
    {
        var runId = Guid.NewGuid();
        var bytes = WireAssert.Encode(new RunConfigEnvelope("{\"seed\":1}"), runId);

        // Fixarray 5, magic (5), version, type, run id (18): the payload starts at 26.
        var header = WireHeader.Read(bytes.AsSpan(0, 26));

        Assert.Equal(new WireHeader(WireMessageType.RunConfig, runId), header);
    }
}
