namespace Flock.Shared.Wire;

/// <summary>
/// Payload format of one message type. Implemented by stateless structs so that <see cref="WireCodec"/>'s generic
/// framing code is specialised per message and calls these without indirection.
/// </summary>
internal interface IWireCodec<TMessage>
    where TMessage : class
{
    static abstract WireMessageType Type { get; }

    /// <summary>Exact payload bytes of <paramref name="message"/>; throws ArgumentException if it cannot be encoded.</summary>
    static abstract long PayloadLength(TMessage message);

    /// <summary>Writes the payload; <see cref="PayloadLength"/> has already accepted the message.</summary>
    static abstract void Write(TMessage message, ref WireWriter writer);

    /// <summary>Reads and validates a payload, reusing <paramref name="reuse"/>'s buffers where they are large enough.</summary>
    static abstract TMessage Read(ref WireReader reader, WireLimits limits, TMessage? reuse);
}
