using System.Buffers.Binary;
using System.Globalization;

namespace Flock.Shared.Wire;

/// <summary>
/// The fixed header in front of every payload (layout on <see cref="WireProtocol"/>). Reading it needs only the
/// first <see cref="WireProtocol.HeaderSize"/> bytes, which is what a stream reader needs to frame messages.
/// </summary>
/// <param name="Type">What the payload holds.</param>
/// <param name="PayloadLength">Bytes that follow the header.</param>
public readonly record struct WireHeader(WireMessageType Type, int PayloadLength)
{
    private const int VersionOffset = 4;
    private const int TypeOffset = 6;
    private const int PayloadLengthOffset = 8;
    private const int ReservedOffset = 12;

    /// <summary>Header plus payload: the bytes the whole message takes.</summary>
    public int MessageLength => WireProtocol.HeaderSize + PayloadLength;

    /// <summary>
    /// Reads and checks the header at the start of <paramref name="bytes"/>: magic, then version (a
    /// <see cref="WireProtocolVersionException"/> when it differs), reserved bytes, type, payload length range.
    /// Bytes after the header are not looked at.
    /// </summary>
    public static WireHeader Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < WireProtocol.HeaderSize)
        {
            throw WireErrors.Truncated("header", WireProtocol.HeaderSize, bytes.Length);
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != WireProtocol.Magic)
        {
            throw WireErrors.Invalid(
                "header.magic",
                "0x" + magic.ToString("X8", CultureInfo.InvariantCulture),
                "must be 0x" + WireProtocol.Magic.ToString("X8", CultureInfo.InvariantCulture) + " (\"FLCK\"); this is not a Flock message");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[VersionOffset..]);
        if (version != WireProtocol.Version)
        {
            throw new WireProtocolVersionException(version, WireProtocol.Version);
        }

        var reserved = BinaryPrimitives.ReadUInt32LittleEndian(bytes[ReservedOffset..]);
        if (reserved != 0)
        {
            throw WireErrors.OutOfRange("header.reserved", reserved, "0 in protocol version 1");
        }

        var type = BinaryPrimitives.ReadUInt16LittleEndian(bytes[TypeOffset..]);
        if (!Enum.IsDefined((WireMessageType)type))
        {
            throw WireErrors.OutOfRange(
                "header.type",
                type,
                string.Create(CultureInfo.InvariantCulture, $"a known message type, {(int)WireMessageType.TransitionBatch}..{(int)WireMessageType.RunConfig} (unknown message type)"));
        }

        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[PayloadLengthOffset..]);
        if (payloadLength is < 0 or > WireProtocol.MaxPayloadLength)
        {
            throw WireErrors.OutOfRange(
                "header.payloadLength",
                payloadLength,
                string.Create(CultureInfo.InvariantCulture, $"in [0, {WireProtocol.MaxPayloadLength}]"));
        }

        return new WireHeader((WireMessageType)type, payloadLength);
    }

    /// <summary>Writes this header into the first <see cref="WireProtocol.HeaderSize"/> bytes of <paramref name="destination"/>.</summary>
    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, WireProtocol.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[VersionOffset..], WireProtocol.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeOffset..], (ushort)Type);
        BinaryPrimitives.WriteInt32LittleEndian(destination[PayloadLengthOffset..], PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReservedOffset..], 0);
    }
}
