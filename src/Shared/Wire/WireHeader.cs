using System.Buffers.Binary;
using System.Globalization;

namespace Flock.Shared.Wire;

/// <summary>
/// The header fields that open every message's MessagePack array (layout on <see cref="WireProtocol"/>).
/// </summary>
/// <param name="Type">What the payload holds.</param>
/// <param name="RunId">Run the message belongs to; <see cref="Guid.Empty"/> when the sender gave none.</param>
public readonly record struct WireHeader(WireMessageType Type, Guid RunId)
{
    private const int LegacyVersionOffset = 4;
    private const int LegacyHeaderSize = 16;

    /// <summary>
    /// Reads and checks the header at the start of <paramref name="bytes"/>: an array, the magic, then the version
    /// (a <see cref="WireProtocolVersionException"/> when it differs, version 1 included), type and run id.
    /// Payload fields are not looked at.
    /// </summary>
    public static unsafe WireHeader Read(ReadOnlySpan<byte> bytes)
    {
        RejectLegacy(bytes);
        fixed (byte* start = bytes)
        {
            var buffer = PinnedBuffer.Rent(start, bytes.Length);
            try
            {
                var reader = new WireReader(buffer.Memory);
                return Read(ref reader, out _);
            }
            finally
            {
                buffer.Return();
            }
        }
    }

    /// <summary>
    /// A version 1 message opens with "FLCK" little-endian and a uint16 version, which no MessagePack array does
    /// (0x46 is a positive fixint): name its version rather than calling it garbage.
    /// </summary>
    internal static void RejectLegacy(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= LegacyHeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == WireProtocol.LegacyMagic)
        {
            throw new WireProtocolVersionException(BinaryPrimitives.ReadUInt16LittleEndian(bytes[LegacyVersionOffset..]), WireProtocol.Version);
        }
    }

    /// <summary>Reads the header; <paramref name="payloadFields"/> is how many array elements follow it.</summary>
    internal static WireHeader Read(ref WireReader reader, out int payloadFields)
    {
        var fields = reader.ReadArrayHeader("header");
        if (fields < WireProtocol.HeaderFields)
        {
            throw WireErrors.OutOfRange("header", fields, string.Create(CultureInfo.InvariantCulture, $"an array of at least {WireProtocol.HeaderFields} fields (magic, version, type, run id)"));
        }

        var magic = reader.ReadUInt32("header.magic");
        if (magic != WireProtocol.Magic)
        {
            throw WireErrors.Invalid(
                "header.magic",
                "0x" + magic.ToString("X8", CultureInfo.InvariantCulture),
                "must be 0x" + WireProtocol.Magic.ToString("X8", CultureInfo.InvariantCulture) + " (\"FLCK\"); this is not a Flock message");
        }

        var version = reader.ReadInt64("header.version");
        if (version != WireProtocol.Version)
        {
            throw new WireProtocolVersionException((int)Math.Clamp(version, int.MinValue, int.MaxValue), WireProtocol.Version);
        }

        var type = reader.ReadInt64("header.type");
        if (type is < 1 or > ushort.MaxValue || !Enum.IsDefined((WireMessageType)type))
        {
            throw WireErrors.OutOfRange(
                "header.type",
                type,
                string.Create(CultureInfo.InvariantCulture, $"a known message type, {(int)WireMessageType.TransitionBatch}..{(int)WireMessageType.InsertAck} (unknown message type)"));
        }

        var runId = reader.ReadBin("header.runId");
        if (runId.Length != WireProtocol.RunIdSize)
        {
            throw WireErrors.LengthMismatch("header.runId", runId.Length, "a Guid", WireProtocol.RunIdSize);
        }

        payloadFields = fields - WireProtocol.HeaderFields;
        return new WireHeader((WireMessageType)type, new Guid(runId, bigEndian: true));
    }

    /// <summary>Bytes the header takes for a message of <paramref name="payloadFields"/> fields.</summary>
    internal static int Length(WireMessageType type, int payloadFields) =>
        WireWriter.ArrayHeaderLength(WireProtocol.HeaderFields + payloadFields)
        + WireWriter.CompactLength(WireProtocol.Magic)
        + WireWriter.CompactLength(WireProtocol.Version)
        + WireWriter.CompactLength((uint)type)
        + (int)WireWriter.BinLength(WireProtocol.RunIdSize);

    internal void Write(ref WireWriter writer, int payloadFields)
    {
        writer.WriteArrayHeader(WireProtocol.HeaderFields + payloadFields);
        writer.WriteCompact(WireProtocol.Magic);
        writer.WriteCompact(WireProtocol.Version);
        writer.WriteCompact((uint)Type);
        RunId.TryWriteBytes(writer.ReserveBin(WireProtocol.RunIdSize), bigEndian: true, out _);
    }
}
