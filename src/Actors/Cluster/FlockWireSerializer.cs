using Akka.Actor;
using Akka.Serialization;
using Flock.Actors.Roles;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;
using Flock.Shared.Wire;
using System.Runtime.Serialization;

namespace Flock.Actors.Cluster;

/// <summary>
/// Flock's one Akka.NET serializer for everything that crosses between nodes, on the MessagePack wire codec
/// of <see cref="WireCodec"/> (tensors as raw little-endian <c>bin</c> blocks, every length checked before
/// allocating, NaN/∞ and out-of-range values refused). Manifests are short fixed names with a version
/// (<c>tb2</c>, …), looked up in a table here: no type name from the wire is ever resolved. Bound in HOCON
/// to <see cref="RunMessage"/> and <see cref="InsertAcknowledged"/>, and to <see cref="object"/> in place of
/// Akka's JSON fallback, so any other type sent to a remote actor is refused with a
/// <see cref="ArgumentException"/> naming it instead of being serialized by reflection.
/// </summary>
public sealed class FlockWireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer id in Akka's table; a value no Akka.NET module uses (they stay below 100).</summary>
    public const int Id = 4170;

    private const string AckManifest = "ack2";

    // Manifest per wire type: the table is the whole set of types this serializer will ever build.
    private static readonly Dictionary<WireMessageType, string> Manifests = new()
    {
        [WireMessageType.TransitionBatch] = "tb2",
        [WireMessageType.WeightSnapshot] = "ws2",
        [WireMessageType.Hello] = "hello2",
        [WireMessageType.Heartbeat] = "beat2",
        [WireMessageType.JoinGrant] = "grant2",
        [WireMessageType.JoinRefused] = "refused2",
        [WireMessageType.WeightsChunk] = "chunk2",
        [WireMessageType.NodeStats] = "stats2",
    };

    private static readonly Dictionary<string, WireMessageType> Types = Manifests.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Limits a received message is held to; the learner's own shape checks come after.</summary>
    public static WireLimits Limits { get; } = WireLimits.Default;

    private static long _undecodable;

    public override int Identifier => Id;

    /// <summary>Messages from other nodes in this process that did not decode (Akka.Remote dropped them).</summary>
    public static long Undecodable => Interlocked.Read(ref _undecodable);

    public override string Manifest(object o) => o switch
    {
        InsertAcknowledged => AckManifest,
        RunMessage { Body: var body } => Manifests.TryGetValue(TypeOf(body), out var manifest) ? manifest : throw Unbound(body),
        _ => throw Unbound(o),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case InsertAcknowledged:
                return Encode(InsertAck.Instance, Guid.Empty);
            case RunMessage message when Manifests.ContainsKey(TypeOf(message.Body)):
                return Encode(message.Body, message.RunId);
            default:
                throw Unbound(obj);
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        object body;
        Guid runId;
        try
        {
            body = WireCodec.Decode(bytes, Limits, out runId);
        }
        catch (WireFormatException e)
        {
            throw Refused($"a Flock message ({manifest}) that does not decode: {e.Message}", e);
        }

        if (manifest == AckManifest)
        {
            return body is InsertAck ? InsertAcknowledged.Instance : throw Mismatch(manifest, body);
        }

        return Types.TryGetValue(manifest, out var expected) && TypeOf(body) == expected
            ? new RunMessage(runId, body)
            : throw Mismatch(manifest, body);
    }

    /// <summary>The wire type of a body, or 0 for a type the wire does not carry.</summary>
    private static WireMessageType TypeOf(object body) => body switch
    {
        TransitionBatch => WireMessageType.TransitionBatch,
        WeightSnapshot => WireMessageType.WeightSnapshot,
        Hello => WireMessageType.Hello,
        Heartbeat => WireMessageType.Heartbeat,
        JoinGrant => WireMessageType.JoinGrant,
        JoinRefused => WireMessageType.JoinRefused,
        WeightsChunk => WireMessageType.WeightsChunk,
        NodeStats => WireMessageType.NodeStats,
        _ => 0,
    };

    private static byte[] Encode(object body, Guid runId)
    {
        // Encoded lengths are exact, so the message is written straight into the array Akka takes: no second copy.
        var bytes = GC.AllocateUninitializedArray<byte>(WireCodec.GetEncodedLength(body));
        var written = WireCodec.Encode(body, runId, bytes);
        return written == bytes.Length ? bytes : bytes[..written];
    }

    private static ArgumentException Unbound(object o) => new(
        $"{o?.GetType().FullName ?? "null"} is not a Flock cluster message: only {nameof(RunMessage)} (with a wire body) and {nameof(InsertAcknowledged)} cross between nodes; nothing else is serialized by a fallback");

    private static SerializationException Mismatch(string manifest, object body) =>
        Refused($"manifest '{manifest}' does not match the decoded {body.GetType().Name}; allowed manifests: {string.Join(", ", Types.Keys.Append(AckManifest))}", null);

    /// <summary>Counted where the loss is seen: Akka.Remote logs and drops a message whose deserialization threw.</summary>
    private static SerializationException Refused(string message, Exception? inner)
    {
        Interlocked.Increment(ref _undecodable);
        MessageLoss.Rejected(MessageLoss.Sites.ClusterInbound, MessageLoss.Reasons.Undecodable);
        return new SerializationException(message, inner);
    }
}
