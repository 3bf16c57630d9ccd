using Flock.Shared.Wire;
using System.Buffers;
using MessagePack;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// Hand-built MessagePack for the tests: documents no encoder of Flock would write (a wrong field count, a short
/// run id, a field of the wrong type), and the offsets of fields in encoded messages, found by walking them with
/// a plain <see cref="MessagePackReader"/> rather than hard-coded.
/// </summary>
internal static class MessagePackDocument
{
    public delegate void Fill(ref MessagePackWriter writer);

    public static byte[] Build(Fill fill)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        fill(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes a header of this build's version announcing <paramref name="payloadFields"/> payload fields.</summary>
    public static void Header(ref MessagePackWriter writer, int type, int payloadFields, int runIdBytes = 16)
    {
        writer.WriteArrayHeader(4 + payloadFields);
        writer.Write(0x464C434Bu);
        writer.Write(WireProtocol.Version);
        writer.Write(type);
        writer.Write(new byte[runIdBytes]);
    }

    /// <summary>Offset of payload field <paramref name="index"/> (0 = first after the run id) in an encoded message.</summary>
    public static int FieldOffset(byte[] message, int index)
    {
        var reader = new MessagePackReader(message);
        reader.ReadArrayHeader();
        for (var i = 0; i < 4 + index; i++)
        {
            reader.Skip();
        }

        return (int)reader.Consumed;
    }

    /// <summary>Offset of the contents of the bin that is payload field <paramref name="index"/>.</summary>
    public static int BinDataOffset(byte[] message, int index)
    {
        var offset = FieldOffset(message, index);
        return offset + message[offset] switch
        {
            0xC4 => 2,
            0xC5 => 3,
            0xC6 => 5,
            var code => throw new InvalidOperationException($"Field {index} is not a bin (code 0x{code:X2})."),
        };
    }

    /// <summary>Overwrites the fixed-width int32 field <paramref name="index"/> (code 0xd2 and 4 big-endian bytes).</summary>
    public static byte[] PatchInt32(byte[] message, int index, int value)
    {
        var bytes = (byte[])message.Clone();
        var offset = FieldOffset(bytes, index);
        Assert.Equal(0xD2, bytes[offset]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset + 1), value);
        return bytes;
    }
}
