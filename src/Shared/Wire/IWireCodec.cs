namespace Flock.Shared.Wire;

/// <summary>
/// Payload format of one message type: the fields that follow the header in the message's MessagePack array.
/// Implemented by stateless structs so that <see cref="WireCodec"/>'s generic framing code is specialised per
/// message and calls these without indirection.
/// </summary>
internal interface IWireCodec<TMessage>
    where TMessage : class
{
    static abstract WireMessageType Type { get; }

    /// <summary>Array elements the payload takes; a message with any other count is refused.</summary>
    static abstract int FieldCount { get; }

    /// <summary>Exact payload bytes of <paramref name="message"/>; throws ArgumentException if it cannot be encoded.</summary>
    static abstract long PayloadLength(TMessage message);

    /// <summary>Writes the payload fields; <see cref="PayloadLength"/> has already accepted the message.</summary>
    static abstract void Write(TMessage message, ref WireWriter writer);

    /// <summary>Reads and validates the payload fields, reusing <paramref name="reuse"/>'s buffers where they are large enough.</summary>
    static abstract TMessage Read(ref WireReader reader, WireLimits limits, TMessage? reuse);
}
