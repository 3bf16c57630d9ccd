using System.Buffers;
using System.Diagnostics;
using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// Encodes and decodes every message that crosses a process (format on <see cref="WireProtocol"/> and on each
/// payload's codec). Encoding writes into caller-owned memory; decoding validates every length against the
/// remaining bytes and <see cref="WireLimits"/> before allocating, validates values the learner depends on,
/// and throws only <see cref="WireFormatException"/> for bad input. All members are thread-safe.
/// </summary>
public static class WireCodec
{
    public static int GetEncodedLength(TransitionBatch message) => MessageLength<TransitionBatchCodec, TransitionBatch>(message);

    public static int GetEncodedLength(WeightSnapshot message) => MessageLength<WeightSnapshotCodec, WeightSnapshot>(message);

    public static int GetEncodedLength(PriorityUpdate message) => MessageLength<PriorityUpdateCodec, PriorityUpdate>(message);

    public static int GetEncodedLength(Hello message) => MessageLength<HelloCodec, Hello>(message);

    public static int GetEncodedLength(Heartbeat message) => MessageLength<HeartbeatCodec, Heartbeat>(message);

    public static int GetEncodedLength(ActorStats message) => MessageLength<ActorStatsCodec, ActorStats>(message);

    public static int GetEncodedLength(RunConfigEnvelope message) => MessageLength<RunConfigCodec, RunConfigEnvelope>(message);

    /// <summary>Encoded size of any supported message; ArgumentException for other types.</summary>
    public static int GetEncodedLength(object message) => message switch
    {
        TransitionBatch m => GetEncodedLength(m),
        WeightSnapshot m => GetEncodedLength(m),
        PriorityUpdate m => GetEncodedLength(m),
        Hello m => GetEncodedLength(m),
        Heartbeat m => GetEncodedLength(m),
        ActorStats m => GetEncodedLength(m),
        RunConfigEnvelope m => GetEncodedLength(m),
        _ => throw Unsupported(message),
    };

    /// <summary>
    /// Writes the message at the start of <paramref name="destination"/> and returns the bytes written. Throws
    /// ArgumentException when the destination is shorter than <see cref="GetEncodedLength(TransitionBatch)"/> or
    /// Count does not fit the arrays. Only the first Count rows are written. Values are not checked here: the
    /// receiving decoder is the trust boundary.
    /// </summary>
    public static int Encode(TransitionBatch message, Span<byte> destination) => Encode<TransitionBatchCodec, TransitionBatch>(message, destination);

    public static int Encode(WeightSnapshot message, Span<byte> destination) => Encode<WeightSnapshotCodec, WeightSnapshot>(message, destination);

    public static int Encode(PriorityUpdate message, Span<byte> destination) => Encode<PriorityUpdateCodec, PriorityUpdate>(message, destination);

    public static int Encode(Hello message, Span<byte> destination) => Encode<HelloCodec, Hello>(message, destination);

    public static int Encode(Heartbeat message, Span<byte> destination) => Encode<HeartbeatCodec, Heartbeat>(message, destination);

    public static int Encode(ActorStats message, Span<byte> destination) => Encode<ActorStatsCodec, ActorStats>(message, destination);

    public static int Encode(RunConfigEnvelope message, Span<byte> destination) => Encode<RunConfigCodec, RunConfigEnvelope>(message, destination);

    /// <summary>Encodes any supported message into <paramref name="destination"/>; ArgumentException for other types.</summary>
    public static int Encode(object message, Span<byte> destination) => message switch
    {
        TransitionBatch m => Encode(m, destination),
        WeightSnapshot m => Encode(m, destination),
        PriorityUpdate m => Encode(m, destination),
        Hello m => Encode(m, destination),
        Heartbeat m => Encode(m, destination),
        ActorStats m => Encode(m, destination),
        RunConfigEnvelope m => Encode(m, destination),
        _ => throw Unsupported(message),
    };

    /// <summary>Encodes into one span obtained from <paramref name="writer"/> and advances it; same bytes as the span overload.</summary>
    public static int Encode(TransitionBatch message, IBufferWriter<byte> writer) => Encode<TransitionBatchCodec, TransitionBatch>(message, writer);

    public static int Encode(WeightSnapshot message, IBufferWriter<byte> writer) => Encode<WeightSnapshotCodec, WeightSnapshot>(message, writer);

    public static int Encode(PriorityUpdate message, IBufferWriter<byte> writer) => Encode<PriorityUpdateCodec, PriorityUpdate>(message, writer);

    public static int Encode(Hello message, IBufferWriter<byte> writer) => Encode<HelloCodec, Hello>(message, writer);

    public static int Encode(Heartbeat message, IBufferWriter<byte> writer) => Encode<HeartbeatCodec, Heartbeat>(message, writer);

    public static int Encode(ActorStats message, IBufferWriter<byte> writer) => Encode<ActorStatsCodec, ActorStats>(message, writer);

    public static int Encode(RunConfigEnvelope message, IBufferWriter<byte> writer) => Encode<RunConfigCodec, RunConfigEnvelope>(message, writer);

    /// <summary>Encodes any supported message into <paramref name="writer"/>; ArgumentException for other types.</summary>
    public static int Encode(object message, IBufferWriter<byte> writer) => message switch
    {
        TransitionBatch m => Encode(m, writer),
        WeightSnapshot m => Encode(m, writer),
        PriorityUpdate m => Encode(m, writer),
        Hello m => Encode(m, writer),
        Heartbeat m => Encode(m, writer),
        ActorStats m => Encode(m, writer),
        RunConfigEnvelope m => Encode(m, writer),
        _ => throw Unsupported(message),
    };

    /// <summary>The message type in the header, after checking magic, version, type and payload length range.</summary>
    public static WireMessageType PeekType(ReadOnlySpan<byte> bytes) => WireHeader.Read(bytes).Type;

    /// <summary>
    /// Decodes exactly one message, which must fill <paramref name="bytes"/> (no trailing bytes), and returns it as
    /// <see cref="TransitionBatch"/>, <see cref="WeightSnapshot"/>, <see cref="PriorityUpdate"/>, <see cref="Hello"/>,
    /// <see cref="Heartbeat"/>, <see cref="ActorStats"/> or <see cref="RunConfigEnvelope"/>.
    /// </summary>
    public static object Decode(ReadOnlySpan<byte> bytes, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var header = ReadFrame(bytes, out var payload);
        return header.Type switch
        {
            WireMessageType.TransitionBatch => ReadPayload<TransitionBatchCodec, TransitionBatch>(payload, limits, null),
            WireMessageType.WeightSnapshot => ReadPayload<WeightSnapshotCodec, WeightSnapshot>(payload, limits, null),
            WireMessageType.PriorityUpdate => ReadPayload<PriorityUpdateCodec, PriorityUpdate>(payload, limits, null),
            WireMessageType.Hello => ReadPayload<HelloCodec, Hello>(payload, limits, null),
            WireMessageType.Heartbeat => ReadPayload<HeartbeatCodec, Heartbeat>(payload, limits, null),
            WireMessageType.ActorStats => ReadPayload<ActorStatsCodec, ActorStats>(payload, limits, null),
            WireMessageType.RunConfig => ReadPayload<RunConfigCodec, RunConfigEnvelope>(payload, limits, null),

            // WireHeader.Read only returns defined types; this arm is for a type added without a decoder.
            _ => throw WireErrors.Invalid("header.type", header.Type.ToString(), "has no decoder in this build"),
        };
    }

    /// <summary>
    /// Decodes a <see cref="TransitionBatch"/>. Each array of <paramref name="reuse"/> that is large enough is
    /// filled in place instead of allocated, so a receive loop that passes back the batch it got last time
    /// allocates no arrays at all, only the small record. The returned batch shares those arrays: stop reading
    /// <paramref name="reuse"/> once you pass it. When decoding throws, its arrays hold partial data.
    /// </summary>
    public static TransitionBatch DecodeTransitionBatch(ReadOnlySpan<byte> bytes, WireLimits limits, TransitionBatch? reuse = null) =>
        Decode<TransitionBatchCodec, TransitionBatch>(bytes, limits, reuse);

    /// <summary>
    /// Decodes a <see cref="WeightSnapshot"/>, filling <paramref name="reuse"/>'s Weights (and Shapes) in place
    /// when they have exactly the needed length. Only reuse a snapshot no actor is still acting with.
    /// </summary>
    public static WeightSnapshot DecodeWeightSnapshot(ReadOnlySpan<byte> bytes, WireLimits limits, WeightSnapshot? reuse = null) =>
        Decode<WeightSnapshotCodec, WeightSnapshot>(bytes, limits, reuse);

    /// <summary>Decodes a <see cref="PriorityUpdate"/>, filling <paramref name="reuse"/>'s arrays in place when large enough.</summary>
    public static PriorityUpdate DecodePriorityUpdate(ReadOnlySpan<byte> bytes, WireLimits limits, PriorityUpdate? reuse = null) =>
        Decode<PriorityUpdateCodec, PriorityUpdate>(bytes, limits, reuse);

    public static Hello DecodeHello(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<HelloCodec, Hello>(bytes, limits, null);

    public static Heartbeat DecodeHeartbeat(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<HeartbeatCodec, Heartbeat>(bytes, limits, null);

    public static ActorStats DecodeActorStats(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<ActorStatsCodec, ActorStats>(bytes, limits, null);

    public static RunConfigEnvelope DecodeRunConfig(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<RunConfigCodec, RunConfigEnvelope>(bytes, limits, null);

    private static int MessageLength<TCodec, TMessage>(TMessage message)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        var payloadLength = TCodec.PayloadLength(message);
        if (payloadLength > WireProtocol.MaxPayloadLength)
        {
            throw new ArgumentException(
                $"The {TCodec.Type} payload would be {payloadLength} bytes; one message holds at most {WireProtocol.MaxPayloadLength}.",
                nameof(message));
        }

        return WireProtocol.HeaderSize + (int)payloadLength;
    }

    private static int Encode<TCodec, TMessage>(TMessage message, Span<byte> destination)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        var length = MessageLength<TCodec, TMessage>(message);
        if (destination.Length < length)
        {
            throw new ArgumentException(
                $"The encoded {TCodec.Type} takes {length} bytes but the destination holds {destination.Length}.",
                nameof(destination));
        }

        var payloadLength = length - WireProtocol.HeaderSize;
        new WireHeader(TCodec.Type, payloadLength).Write(destination);
        var writer = new WireWriter(destination.Slice(WireProtocol.HeaderSize, payloadLength));
        TCodec.Write(message, ref writer);
        Debug.Assert(writer.Position == payloadLength, "PayloadLength and Write disagree about the payload's size.");
        return length;
    }

    private static int Encode<TCodec, TMessage>(TMessage message, IBufferWriter<byte> writer)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = MessageLength<TCodec, TMessage>(message);
        var written = Encode<TCodec, TMessage>(message, writer.GetSpan(length));
        writer.Advance(written);
        return written;
    }

    private static TMessage Decode<TCodec, TMessage>(ReadOnlySpan<byte> bytes, WireLimits limits, TMessage? reuse)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(limits);
        var header = ReadFrame(bytes, out var payload);
        if (header.Type != TCodec.Type)
        {
            throw WireErrors.Invalid("header.type", header.Type.ToString(), $"expected {TCodec.Type}");
        }

        return ReadPayload<TCodec, TMessage>(payload, limits, reuse);
    }

    /// <summary>Reads the header and returns the payload it frames, which must end exactly where the bytes end.</summary>
    private static WireHeader ReadFrame(ReadOnlySpan<byte> bytes, out ReadOnlySpan<byte> payload)
    {
        var header = WireHeader.Read(bytes);
        var present = bytes.Length - WireProtocol.HeaderSize;
        if (present < header.PayloadLength)
        {
            throw WireErrors.Truncated("payload", header.PayloadLength, present);
        }

        if (present > header.PayloadLength)
        {
            throw WireErrors.TrailingBytes(header.PayloadLength, present);
        }

        payload = bytes[WireProtocol.HeaderSize..];
        return header;
    }

    private static TMessage ReadPayload<TCodec, TMessage>(ReadOnlySpan<byte> payload, WireLimits limits, TMessage? reuse)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        var reader = new WireReader(payload);
        var message = TCodec.Read(ref reader, limits, reuse);
        if (reader.Remaining != 0)
        {
            throw WireErrors.PayloadMismatch(TCodec.Type.ToString(), payload.Length, reader.Position);
        }

        return message;
    }

    private static ArgumentException Unsupported(object message) => message is null
        ? new ArgumentNullException(nameof(message))
        : new ArgumentException($"{message.GetType()} is not a wire message.", nameof(message));
}
