using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Flock.Actors.Cluster;
using Flock.Actors.Roles;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Tests.Cluster;

/// <summary>A clustered actor system as an actor node builds it (loopback only, its seed a port nobody listens on).</summary>
public sealed class ClusterSystemFixture : IDisposable
{
    public ClusterSystemFixture()
    {
        var seed = new ClusterEndpoint("127.0.0.1", FreePort());
        System = new ClusterNodeSettings(ClusterRoles.Actors, new ClusterEndpoint("127.0.0.1", 0), null, seed, null).CreateSystem(TextWriter.Null);
    }

    public ActorSystem System { get; }

    public void Dispose()
    {
        System.Terminate().Wait(TimeSpan.FromSeconds(20));
        System.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// Flock's one serializer for what crosses between nodes, as the clustered actor system binds it: every wire
/// body round-trips with its run id, anything else is refused (never serialized by a reflection fallback),
/// and bytes that do not decode are refused as Akka expects and counted.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class FlockWireSerializerTests(ClusterSystemFixture fixture) : IClassFixture<ClusterSystemFixture>
{
    private static readonly Guid RunId = Guid.NewGuid();

    private Akka.Serialization.Serialization Serialization => fixture.System.Serialization;

    private Serializer Flock => Serialization.FindSerializerFor(new RunMessage(RunId, new JoinRefused("x")));

    [Fact]
    public void The_system_picks_flock_for_run_messages_and_acknowledgements()
    {
        Assert.IsType<FlockWireSerializer>(Flock);
        Assert.Equal(FlockWireSerializer.Id, Flock.Identifier);
        Assert.IsType<FlockWireSerializer>(Serialization.FindSerializerFor(InsertAcknowledged.Instance));
        Assert.IsType<FlockWireSerializer>(Serialization.FindSerializerForType(typeof(RunMessage)));
    }

    private static readonly string[] BodyKinds = ["batch", "snapshot", "hello", "heartbeat", "grant", "refused", "chunk", "stats"];

    public static TheoryData<string> Bodies => new(BodyKinds);

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Every_wire_body_round_trips_with_its_run_id(string kind)
    {
        var body = Body(kind);
        var back = RoundTrip(new RunMessage(kind == "hello" ? Guid.Empty : RunId, body));

        var message = Assert.IsType<RunMessage>(back);
        Assert.Equal(kind == "hello" ? Guid.Empty : RunId, message.RunId);
        Assert.IsType(body.GetType(), message.Body);
        switch (body, message.Body)
        {
            case (TransitionBatch sent, TransitionBatch got):
                Assert.Equal((sent.SourceActor, sent.WeightsVersion, sent.Count, sent.ObsDim), (got.SourceActor, got.WeightsVersion, got.Count, got.ObsDim));
                Assert.Equal(sent.Observations, got.Observations[..(sent.Count * sent.ObsDim)]);
                Assert.Equal(sent.NextObservations, got.NextObservations[..(sent.Count * sent.ObsDim)]);
                Assert.Equal(sent.Actions, got.Actions[..sent.Count]);
                Assert.Equal(sent.Rewards, got.Rewards[..sent.Count]);
                Assert.Equal(sent.Discounts, got.Discounts[..sent.Count]);
                Assert.Equal(sent.Terminated, got.Terminated[..sent.Count]);
                Assert.Equal(sent.InitialPriorities, got.InitialPriorities[..sent.Count]);
                break;
            case (WeightSnapshot sent, WeightSnapshot got):
                Assert.Equal(sent.Version, got.Version);
                Assert.Equal(sent.Shapes, got.Shapes);
                Assert.Equal(sent.Weights, got.Weights);
                break;
            case (Heartbeat sent, Heartbeat got):
                Assert.Equal(sent with { ActorIds = null }, got with { ActorIds = null });
                Assert.Equal(sent.ActorIds, got.ActorIds);
                break;
            case (JoinGrant sent, JoinGrant got):
                Assert.Equal(sent.ConfigJson, got.ConfigJson);
                Assert.Equal(sent.ActorIds, got.ActorIds);
                break;
            case (WeightsChunk sent, WeightsChunk got):
                Assert.Equal((sent.Version, sent.Index, sent.Count), (got.Version, got.Index, got.Count));
                Assert.Equal(sent.Bytes, got.Bytes);
                break;
            default:
                Assert.Equal(body, message.Body);
                break;
        }
    }

    [Fact]
    public void The_acknowledgement_round_trips_as_the_one_instance()
    {
        Assert.Same(InsertAcknowledged.Instance, RoundTrip(InsertAcknowledged.Instance));
    }

    [Fact]
    public void A_type_nobody_bound_goes_to_flock_and_is_refused_rather_than_serialized_by_a_fallback()
    {
        var stranger = new Stranger("secret", 42);
        var serializer = Serialization.FindSerializerFor(stranger);

        Assert.IsType<FlockWireSerializer>(serializer);
        var refused = Assert.Throws<ArgumentException>(() => serializer.ToBinary(stranger));
        Assert.Contains(typeof(Stranger).FullName!, refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ((SerializerWithStringManifest)serializer).Manifest(stranger));
    }

    [Fact]
    public void A_run_message_whose_body_the_wire_does_not_carry_between_nodes_is_refused()
    {
        // The wire codec has a priority update, but nothing sends one between nodes.
        var update = new RunMessage(RunId, new PriorityUpdate(1, [1], [0.5f]));
        Assert.Throws<ArgumentException>(() => Flock.ToBinary(update));
        Assert.Throws<ArgumentException>(() => ((SerializerWithStringManifest)Flock).Manifest(update));
        Assert.Throws<ArgumentException>(() => Flock.ToBinary(new RunMessage(RunId, new Stranger("x", 1))));
    }

    public static TheoryData<string> Undecodable => ["garbage", "empty", "truncated", "wrong manifest", "unknown manifest", "ack manifest on a batch", "batch manifest on an ack", "a priority update", "trailing byte"];

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void Bytes_that_do_not_decode_to_their_manifest_are_refused_and_counted(string kind)
    {
        var serializer = (SerializerWithStringManifest)Flock;
        var batch = new RunMessage(RunId, Body("batch"));
        var bytes = serializer.ToBinary(batch);
        var (payload, manifest) = kind switch
        {
            "garbage" => (new byte[] { 0xc1, 0x00, 0xff, 0x13, 0x37, 0x42, 0x42, 0x42 }, "tb2"),
            "empty" => (Array.Empty<byte>(), "tb2"),
            "truncated" => (bytes[..(bytes.Length / 2)], "tb2"),
            "wrong manifest" => (bytes, "hello2"),
            "unknown manifest" => (bytes, "System.String, System.Private.CoreLib"),
            "ack manifest on a batch" => (bytes, "ack2"),
            "batch manifest on an ack" => (serializer.ToBinary(InsertAcknowledged.Instance), "tb2"),
            "a priority update" => (EncodePriorityUpdate(), "tb2"),
            "trailing byte" => (bytes.Append((byte)0).ToArray(), "tb2"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var before = FlockWireSerializer.Undecodable;
        Assert.Throws<SerializationException>(() => serializer.FromBinary(payload, manifest));
        Assert.Equal(before + 1, FlockWireSerializer.Undecodable);
    }

    [Fact]
    public void The_manifest_of_each_body_is_a_short_fixed_name()
    {
        var serializer = (SerializerWithStringManifest)Flock;
        var manifests = BodyKinds.Select(k => serializer.Manifest(new RunMessage(RunId, Body(k)))).Append(serializer.Manifest(InsertAcknowledged.Instance)).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
        Assert.All(manifests, m => Assert.InRange(m.Length, 1, 10));
    }

    private object RoundTrip(object message)
    {
        var serializer = (SerializerWithStringManifest)Serialization.FindSerializerFor(message);
        Assert.IsType<FlockWireSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        return serializer.FromBinary(bytes, serializer.Manifest(message));
    }

    private static byte[] EncodePriorityUpdate()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        WireCodec.Encode(new PriorityUpdate(1, [1], [0.5f]), RunId, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static object Body(string kind) => kind switch
    {
        "batch" => new TransitionBatch(7, 12, 2, 3, [1, 0, 1, 0, 1, 1], [0, 2], [0.5f, -1], [0, 0, 1, 1, 1, 0], [0.99f, 0.98f], [false, true], [1.5f, -1f], default(ActivityContext)),
        "snapshot" => new WeightSnapshot(42, [new ParameterShape(2, 3), new ParameterShape(1, 3)], [0.1f, -0.2f, 0.3f, -0f, float.Epsilon, 1e30f, 1, 2, 3]),
        "hello" => new Hello("node-1", WireProtocol.Version, 4, 8),
        "heartbeat" => new Heartbeat("node-1", WireProtocol.Version, 2, 1_000, 17, 1_700_000_000_000, [0, 2048], 64),
        "grant" => new JoinGrant("""{"env":"CartPole-v1","actors":2}""", [0, 2048]),
        "refused" => new JoinRefused("wire protocol 1 is not 2"),
        "chunk" => new WeightsChunk(42, 3, 9, [1, 2, 3, 255, 0]),
        "stats" => new NodeStats("node-1", 5, new ActorStats(2048, 10_000, 12, 21.5, 0.05, 17, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private sealed record Stranger(string Text, int Number);
}
