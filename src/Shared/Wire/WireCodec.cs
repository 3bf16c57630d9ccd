using System.Buffers;
using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// Encodes and decodes every message that crosses a process, as one MessagePack document each (format on
/// <see cref="WireProtocol"/> and on each payload's codec). Encoding writes into caller-owned memory; decoding
/// validates every length against the remaining bytes and <see cref="WireLimits"/> before allocating, validates
/// values the learner depends on, and throws only <see cref="WireFormatException"/> for bad input. Overloads
/// without a run id write <see cref="Guid.Empty"/>. All members are thread-safe.
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

    public static int GetEncodedLength(JoinGrant message) => MessageLength<JoinGrantCodec, JoinGrant>(message);

    public static int GetEncodedLength(JoinRefused message) => MessageLength<JoinRefusedCodec, JoinRefused>(message);

    public static int GetEncodedLength(WeightsChunk message) => MessageLength<WeightsChunkCodec, WeightsChunk>(message);

    public static int GetEncodedLength(NodeStats message) => MessageLength<NodeStatsCodec, NodeStats>(message);

    public static int GetEncodedLength(InsertAck message) => MessageLength<InsertAckCodec, InsertAck>(message);

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
        JoinGrant m => GetEncodedLength(m),
        JoinRefused m => GetEncodedLength(m),
        WeightsChunk m => GetEncodedLength(m),
        NodeStats m => GetEncodedLength(m),
        InsertAck m => GetEncodedLength(m),
        _ => throw Unsupported(message),
    };

    /// <summary>
    /// Writes the message at the start of <paramref name="destination"/> and returns the bytes written. Throws
    /// ArgumentException when the destination is shorter than <see cref="GetEncodedLength(TransitionBatch)"/> or
    /// Count does not fit the arrays. Only the first Count rows are written. Values are not checked here: the
    /// receiving decoder is the trust boundary.
    /// </summary>
    public static int Encode(TransitionBatch message, Span<byte> destination) => Encode<TransitionBatchCodec, TransitionBatch>(message, Guid.Empty, destination);

    public static int Encode(WeightSnapshot message, Span<byte> destination) => Encode<WeightSnapshotCodec, WeightSnapshot>(message, Guid.Empty, destination);

    public static int Encode(PriorityUpdate message, Span<byte> destination) => Encode<PriorityUpdateCodec, PriorityUpdate>(message, Guid.Empty, destination);

    public static int Encode(Hello message, Span<byte> destination) => Encode<HelloCodec, Hello>(message, Guid.Empty, destination);

    public static int Encode(Heartbeat message, Span<byte> destination) => Encode<HeartbeatCodec, Heartbeat>(message, Guid.Empty, destination);

    public static int Encode(ActorStats message, Span<byte> destination) => Encode<ActorStatsCodec, ActorStats>(message, Guid.Empty, destination);

    public static int Encode(RunConfigEnvelope message, Span<byte> destination) => Encode<RunConfigCodec, RunConfigEnvelope>(message, Guid.Empty, destination);

    public static int Encode(JoinGrant message, Span<byte> destination) => Encode<JoinGrantCodec, JoinGrant>(message, Guid.Empty, destination);

    public static int Encode(JoinRefused message, Span<byte> destination) => Encode<JoinRefusedCodec, JoinRefused>(message, Guid.Empty, destination);

    public static int Encode(WeightsChunk message, Span<byte> destination) => Encode<WeightsChunkCodec, WeightsChunk>(message, Guid.Empty, destination);

    public static int Encode(NodeStats message, Span<byte> destination) => Encode<NodeStatsCodec, NodeStats>(message, Guid.Empty, destination);

    public static int Encode(InsertAck message, Span<byte> destination) => Encode<InsertAckCodec, InsertAck>(message, Guid.Empty, destination);

    /// <summary>Encodes any supported message into <paramref name="destination"/>; ArgumentException for other types.</summary>
    public static int Encode(object message, Span<byte> destination) => Encode(message, Guid.Empty, destination);

    /// <summary>Encodes any supported message with <paramref name="runId"/> in its header; ArgumentException for other types.</summary>
    public static int Encode(object message, Guid runId, Span<byte> destination) => message switch
    {
        TransitionBatch m => Encode<TransitionBatchCodec, TransitionBatch>(m, runId, destination),
        WeightSnapshot m => Encode<WeightSnapshotCodec, WeightSnapshot>(m, runId, destination),
        PriorityUpdate m => Encode<PriorityUpdateCodec, PriorityUpdate>(m, runId, destination),
        Hello m => Encode<HelloCodec, Hello>(m, runId, destination),
        Heartbeat m => Encode<HeartbeatCodec, Heartbeat>(m, runId, destination),
        ActorStats m => Encode<ActorStatsCodec, ActorStats>(m, runId, destination),
        RunConfigEnvelope m => Encode<RunConfigCodec, RunConfigEnvelope>(m, runId, destination),
        JoinGrant m => Encode<JoinGrantCodec, JoinGrant>(m, runId, destination),
        JoinRefused m => Encode<JoinRefusedCodec, JoinRefused>(m, runId, destination),
        WeightsChunk m => Encode<WeightsChunkCodec, WeightsChunk>(m, runId, destination),
        NodeStats m => Encode<NodeStatsCodec, NodeStats>(m, runId, destination),
        InsertAck m => Encode<InsertAckCodec, InsertAck>(m, runId, destination),
        _ => throw Unsupported(message),
    };

    /// <summary>Encodes through <paramref name="writer"/> and advances it by the returned length; same bytes as the span overload.</summary>
    public static int Encode(TransitionBatch message, IBufferWriter<byte> writer) => Encode<TransitionBatchCodec, TransitionBatch>(message, Guid.Empty, writer);

    public static int Encode(WeightSnapshot message, IBufferWriter<byte> writer) => Encode<WeightSnapshotCodec, WeightSnapshot>(message, Guid.Empty, writer);

    public static int Encode(PriorityUpdate message, IBufferWriter<byte> writer) => Encode<PriorityUpdateCodec, PriorityUpdate>(message, Guid.Empty, writer);

    public static int Encode(Hello message, IBufferWriter<byte> writer) => Encode<HelloCodec, Hello>(message, Guid.Empty, writer);

    public static int Encode(Heartbeat message, IBufferWriter<byte> writer) => Encode<HeartbeatCodec, Heartbeat>(message, Guid.Empty, writer);

    public static int Encode(ActorStats message, IBufferWriter<byte> writer) => Encode<ActorStatsCodec, ActorStats>(message, Guid.Empty, writer);

    public static int Encode(RunConfigEnvelope message, IBufferWriter<byte> writer) => Encode<RunConfigCodec, RunConfigEnvelope>(message, Guid.Empty, writer);

    public static int Encode(JoinGrant message, IBufferWriter<byte> writer) => Encode<JoinGrantCodec, JoinGrant>(message, Guid.Empty, writer);

    public static int Encode(JoinRefused message, IBufferWriter<byte> writer) => Encode<JoinRefusedCodec, JoinRefused>(message, Guid.Empty, writer);

    public static int Encode(WeightsChunk message, IBufferWriter<byte> writer) => Encode<WeightsChunkCodec, WeightsChunk>(message, Guid.Empty, writer);

    public static int Encode(NodeStats message, IBufferWriter<byte> writer) => Encode<NodeStatsCodec, NodeStats>(message, Guid.Empty, writer);

    public static int Encode(InsertAck message, IBufferWriter<byte> writer) => Encode<InsertAckCodec, InsertAck>(message, Guid.Empty, writer);

    /// <summary>Encodes any supported message into <paramref name="writer"/>; ArgumentException for other types.</summary>
    public static int Encode(object message, IBufferWriter<byte> writer) => Encode(message, Guid.Empty, writer);

    /// <summary>
    /// Encodes any supported message with <paramref name="runId"/> in its header into <paramref name="writer"/>
    /// and returns the bytes written; ArgumentException for other types.
    /// </summary>
    public static int Encode(object message, Guid runId, IBufferWriter<byte> writer) => message switch
    {
        TransitionBatch m => Encode<TransitionBatchCodec, TransitionBatch>(m, runId, writer),
        WeightSnapshot m => Encode<WeightSnapshotCodec, WeightSnapshot>(m, runId, writer),
        PriorityUpdate m => Encode<PriorityUpdateCodec, PriorityUpdate>(m, runId, writer),
        Hello m => Encode<HelloCodec, Hello>(m, runId, writer),
        Heartbeat m => Encode<HeartbeatCodec, Heartbeat>(m, runId, writer),
        ActorStats m => Encode<ActorStatsCodec, ActorStats>(m, runId, writer),
        RunConfigEnvelope m => Encode<RunConfigCodec, RunConfigEnvelope>(m, runId, writer),
        JoinGrant m => Encode<JoinGrantCodec, JoinGrant>(m, runId, writer),
        JoinRefused m => Encode<JoinRefusedCodec, JoinRefused>(m, runId, writer),
        WeightsChunk m => Encode<WeightsChunkCodec, WeightsChunk>(m, runId, writer),
        NodeStats m => Encode<NodeStatsCodec, NodeStats>(m, runId, writer),
        InsertAck m => Encode<InsertAckCodec, InsertAck>(m, runId, writer),
        _ => throw Unsupported(message),
    };

    /// <summary>The message type in the header, after checking the array, magic, version and type.</summary>
    public static WireMessageType PeekType(ReadOnlySpan<byte> bytes) => WireHeader.Read(bytes).Type;

    /// <summary>
    /// Decodes exactly one message, which must fill <paramref name="bytes"/> (no trailing bytes), and returns it as
    /// the record its header's type names (<see cref="TransitionBatch"/>, <see cref="WeightSnapshot"/>, ...,
    /// <see cref="RunConfigEnvelope"/> for a run configuration).
    /// </summary>
    public static object Decode(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode(bytes, limits, out _);

    /// <summary>Decodes any supported message, as <see cref="Decode(ReadOnlySpan{byte}, WireLimits)"/>, and gives its header's run id.</summary>
    public static unsafe object Decode(ReadOnlySpan<byte> bytes, WireLimits limits, out Guid runId)
    {
        ArgumentNullException.ThrowIfNull(limits);
        WireHeader.RejectLegacy(bytes);
        fixed (byte* start = bytes)
        {
            var buffer = PinnedBuffer.Rent(start, bytes.Length);
            try
            {
                var reader = new WireReader(buffer.Memory);
                var header = WireHeader.Read(ref reader, out var fields);
                runId = header.RunId;
                return header.Type switch
                {
                    WireMessageType.TransitionBatch => ReadPayload<TransitionBatchCodec, TransitionBatch>(ref reader, fields, limits, null),
                    WireMessageType.WeightSnapshot => ReadPayload<WeightSnapshotCodec, WeightSnapshot>(ref reader, fields, limits, null),
                    WireMessageType.PriorityUpdate => ReadPayload<PriorityUpdateCodec, PriorityUpdate>(ref reader, fields, limits, null),
                    WireMessageType.Hello => ReadPayload<HelloCodec, Hello>(ref reader, fields, limits, null),
                    WireMessageType.Heartbeat => ReadPayload<HeartbeatCodec, Heartbeat>(ref reader, fields, limits, null),
                    WireMessageType.ActorStats => ReadPayload<ActorStatsCodec, ActorStats>(ref reader, fields, limits, null),
                    WireMessageType.RunConfig => ReadPayload<RunConfigCodec, RunConfigEnvelope>(ref reader, fields, limits, null),
                    WireMessageType.JoinGrant => ReadPayload<JoinGrantCodec, JoinGrant>(ref reader, fields, limits, null),
                    WireMessageType.JoinRefused => ReadPayload<JoinRefusedCodec, JoinRefused>(ref reader, fields, limits, null),
                    WireMessageType.WeightsChunk => ReadPayload<WeightsChunkCodec, WeightsChunk>(ref reader, fields, limits, null),
                    WireMessageType.NodeStats => ReadPayload<NodeStatsCodec, NodeStats>(ref reader, fields, limits, null),
                    WireMessageType.InsertAck => ReadPayload<InsertAckCodec, InsertAck>(ref reader, fields, limits, null),

                    // WireHeader.Read only returns defined types; this arm is for a type added without a decoder.
                    _ => throw WireErrors.Invalid("header.type", header.Type.ToString(), "has no decoder in this build"),
                };
            }
            finally
            {
                buffer.Return();
            }
        }
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

    public static JoinGrant DecodeJoinGrant(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<JoinGrantCodec, JoinGrant>(bytes, limits, null);

    public static JoinRefused DecodeJoinRefused(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<JoinRefusedCodec, JoinRefused>(bytes, limits, null);

    public static WeightsChunk DecodeWeightsChunk(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<WeightsChunkCodec, WeightsChunk>(bytes, limits, null);

    public static NodeStats DecodeNodeStats(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<NodeStatsCodec, NodeStats>(bytes, limits, null);

    public static InsertAck DecodeInsertAck(ReadOnlySpan<byte> bytes, WireLimits limits) => Decode<InsertAckCodec, InsertAck>(bytes, limits, null);

    private static int MessageLength<TCodec, TMessage>(TMessage message)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        var length = WireHeader.Length(TCodec.Type, TCodec.FieldCount) + TCodec.PayloadLength(message);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The {TCodec.Type} would be {length} bytes; one message holds at most {Array.MaxLength}.",
                nameof(message));
        }

        return (int)length;
    }

    private static unsafe int Encode<TCodec, TMessage>(TMessage message, Guid runId, Span<byte> destination)
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

        fixed (byte* start = destination)
        {
            var buffer = PinnedBuffer.Rent(start, length);
            try
            {
                Write<TCodec, TMessage>(message, runId, buffer);
                if (buffer.Written != length)
                {
                    throw new InvalidOperationException($"{TCodec.Type}: computed {length} bytes but wrote {buffer.Written}.");
                }
            }
            finally
            {
                buffer.Return();
            }
        }

        return length;
    }

    private static int Encode<TCodec, TMessage>(TMessage message, Guid runId, IBufferWriter<byte> writer)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = MessageLength<TCodec, TMessage>(message);
        Write<TCodec, TMessage>(message, runId, writer);
        return length;
    }

    private static void Write<TCodec, TMessage>(TMessage message, Guid runId, IBufferWriter<byte> output)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        var writer = new WireWriter(output);
        new WireHeader(TCodec.Type, runId).Write(ref writer, TCodec.FieldCount);
        TCodec.Write(message, ref writer);
        writer.Flush();
    }

    private static unsafe TMessage Decode<TCodec, TMessage>(ReadOnlySpan<byte> bytes, WireLimits limits, TMessage? reuse)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(limits);
        WireHeader.RejectLegacy(bytes);
        fixed (byte* start = bytes)
        {
            var buffer = PinnedBuffer.Rent(start, bytes.Length);
            try
            {
                var reader = new WireReader(buffer.Memory);
                var header = WireHeader.Read(ref reader, out var fields);
                if (header.Type != TCodec.Type)
                {
                    throw WireErrors.Invalid("header.type", header.Type.ToString(), $"expected {TCodec.Type}");
                }

                return ReadPayload<TCodec, TMessage>(ref reader, fields, limits, reuse);
            }
            finally
            {
                buffer.Return();
            }
        }
    }

    /// <summary>Reads the payload's fields, which must be exactly the codec's and end exactly where the bytes end.</summary>
    private static TMessage ReadPayload<TCodec, TMessage>(ref WireReader reader, int fields, WireLimits limits, TMessage? reuse)
        where TCodec : IWireCodec<TMessage>
        where TMessage : class
    {
        if (fields != TCodec.FieldCount)
        {
            throw WireErrors.LengthMismatch("header", fields, $"a {TCodec.Type}'s payload", TCodec.FieldCount);
        }

        var message = TCodec.Read(ref reader, limits, reuse);
        if (!reader.End)
        {
            throw WireErrors.TrailingBytes(reader.Remaining);
        }

        return message;
    }

    private static ArgumentException Unsupported(object message) => message is null
        ? new ArgumentNullException(nameof(message))
        : new ArgumentException($"{message.GetType()} is not a wire message.", nameof(message));
}
