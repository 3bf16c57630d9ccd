namespace Flock.Shared.Wire;

/// <summary>
/// Constants of the Flock wire format. Every message is a fixed little-endian header followed by a payload:
/// <code>
/// offset size field
///      0    4 magic           0x4B434C46, the ASCII bytes "FLCK"
///      4    2 protocol version <see cref="Version"/>
///      6    2 message type     <see cref="WireMessageType"/>
///      8    4 payload length   bytes after the header, 0 ≤ n ≤ int.MaxValue − header size
///     12    4 reserved         zero
/// </code>
/// Inside the payload every array and string is preceded by its element (or UTF-8 byte) count as int32.
/// Magic and version keep their offsets in every future version, so any build can tell a peer's version apart
/// from garbage and refuse it clearly.
/// </summary>
public static class WireProtocol
{
    /// <summary>Protocol version this build speaks; a peer with another version is refused, never guessed at.</summary>
    public const int Version = 1;

    /// <summary>First four bytes of every message, "FLCK" in ASCII, read as a little-endian uint32.</summary>
    public const uint Magic = 0x4B434C46;

    /// <summary>Bytes in the fixed header that precedes every payload.</summary>
    public const int HeaderSize = 16;

    /// <summary>Bytes of an encoded trace context: 16-byte trace id, 8-byte span id, 1 byte of flags.</summary>
    public const int TraceContextSize = 25;

    /// <summary>Largest payload a header can announce, so that header plus payload still fits one span.</summary>
    public const int MaxPayloadLength = int.MaxValue - HeaderSize;
}
