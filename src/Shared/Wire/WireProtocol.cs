namespace Flock.Shared.Wire;

/// <summary>
/// Constants of the Flock wire format. Every message is one MessagePack array:
/// <code>
/// [ magic    uint   <see cref="Magic"/>, whose big-endian bytes spell "FLCK"
///   version  int    <see cref="Version"/>
///   type     int    <see cref="WireMessageType"/>
///   run id   bin 16 the run's Guid, RFC 4122 byte order (all zero outside a run)
///   ...      the payload's fields, as listed on each codec ]
/// </code>
/// Integers are MessagePack ints, doubles float64, strings UTF-8 <c>str</c>, and every array of numbers one
/// <c>bin</c> of raw little-endian values (never one MessagePack value per element), so a batch is copied in
/// bulk. No type name and no schema travels: the type field picks the codec, and the array holds exactly that
/// codec's fields. This build writes int32/int64/float64 in their fixed widths (so lengths are known before
/// encoding) and reads any width.
/// </summary>
public static class WireProtocol
{
    /// <summary>
    /// Protocol version this build speaks; a peer with another version is refused, never guessed at. Version 1
    /// was a fixed little-endian header and payload; 2 is MessagePack; 3 adds a TransitionBatch's observation
    /// encoding, so a MinAtar board travels as one byte per cell instead of a float.
    /// </summary>
    public const int Version = 3;

    /// <summary>First field of every message; written as a MessagePack uint32, its bytes read "FLCK".</summary>
    public const uint Magic = 0x464C434B;

    /// <summary>Fields before the payload's: magic, version, type, run id.</summary>
    public const int HeaderFields = 4;

    /// <summary>Bytes of the run id <c>bin</c>'s contents.</summary>
    public const int RunIdSize = 16;

    /// <summary>Bytes of an encoded trace context: 16-byte trace id, 8-byte span id, 1 byte of flags.</summary>
    public const int TraceContextSize = 25;

    /// <summary>The first bytes of every version 1 message ("FLCK" little-endian), so a v1 peer is told apart from garbage.</summary>
    internal const uint LegacyMagic = 0x4B434C46;
}
