using Akka.Actor;
using Akka.TestKit;
using Flock.Actors.Cluster;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// The learner's gateway on a plain local actor system, with probes for the replay, the membership and the
/// nodes' links: what reaches the replay, what is acknowledged, refused and counted, and who gets weights. Its
/// messages are not put through the wire here (<c>serialize-messages = off</c>): the gateway's own checks are tested
/// with batches the wire decoder would already refuse (NaN and ∞ priorities, negative actions), and what reaches the
/// replay is checked to be the very batch that arrived. The wire round trip of every crossing message has its own
/// tests (FlockWireSerializerTests, the codec property tests) and the real-process cluster tests.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ClusterGatewayTests : FlockTestKit
{
    private const int ObsDim = 4;
    private const int Actions = 3;
    private const string ConfigJson = """{"env":"CartPole-v1"}""";

    private static readonly Guid RunId = Guid.NewGuid();

    private readonly TestProbe _replay;
    private readonly TestProbe _membership;
    private readonly GatewayCounts _counts = new();

    public ClusterGatewayTests()
        : base("akka.actor.serialize-messages = off")
    {
        _replay = CreateTestProbe();
        _membership = CreateTestProbe();
    }

    [Fact]
    public async Task A_valid_batch_reaches_the_replay_with_its_sender_to_acknowledge()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        var batch = Batch();

        gateway.Tell(new RunMessage(RunId, batch), node.Ref);

        var insert = await _replay.ExpectMsgAsync<InsertBatch>();
        Assert.Same(batch, insert.Batch);
        Assert.Equal(node.Ref, insert.AckTo);
        Assert.Equal(0, RefusedSoFar());
    }

    public static TheoryData<string> Misfits =>
        ["obs dim", "action = count", "negative action", "non-binary observation", "non-binary next observation", "float observations", "NaN priority", "+inf priority"];

    [Theory]
    [MemberData(nameof(Misfits))]
    public async Task A_misfit_batch_never_reaches_the_replay_but_is_acknowledged_and_counted(string misfit)
    {
        var gateway = Gateway(ObservationEncoding.UInt8);
        var node = CreateTestProbe();
        var bad = misfit switch
        {
            "obs dim" => Batch(obsDim: ObsDim + 1, encoding: ObservationEncoding.UInt8),
            "action = count" => Batch(action: Actions, encoding: ObservationEncoding.UInt8),
            "negative action" => Batch(action: -1, encoding: ObservationEncoding.UInt8),
            "non-binary observation" => Batch(observation: 2f, encoding: ObservationEncoding.UInt8),
            "non-binary next observation" => Batch(nextObservation: 255f, encoding: ObservationEncoding.UInt8),
            "float observations" => Batch(encoding: ObservationEncoding.Float32),
            "NaN priority" => Batch(priority: float.NaN, encoding: ObservationEncoding.UInt8),
            "+inf priority" => Batch(priority: float.PositiveInfinity, encoding: ObservationEncoding.UInt8),
            _ => throw new ArgumentOutOfRangeException(nameof(misfit)),
        };

        gateway.Tell(new RunMessage(RunId, bad), node.Ref);
        await node.ExpectMsgAsync<InsertAcknowledged>();
        Assert.Equal(1, RefusedSoFar());

        // The next, valid batch is the first thing the replay sees.
        var good = Batch(encoding: ObservationEncoding.UInt8);
        gateway.Tell(new RunMessage(RunId, good), node.Ref);
        Assert.Same(good, (await _replay.ExpectMsgAsync<InsertBatch>()).Batch);
    }

    [Fact]
    public async Task Real_valued_observations_pass_when_the_run_is_not_binary()
    {
        var gateway = Gateway(ObservationEncoding.Float32);
        var node = CreateTestProbe();
        var batch = Batch(observation: 0.5f, nextObservation: -3f, priority: -1f);
        gateway.Tell(new RunMessage(RunId, batch), node.Ref);
        Assert.Same(batch, (await _replay.ExpectMsgAsync<InsertBatch>()).Batch);
    }

    [Fact]
    public async Task A_batch_of_another_run_is_neither_forwarded_nor_acknowledged_but_counted()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();

        gateway.Tell(new RunMessage(Guid.NewGuid(), Batch()), node.Ref);

        // A misfit after it is acknowledged: that one acknowledgement is the only one the node gets.
        gateway.Tell(new RunMessage(RunId, Batch(obsDim: 1)), node.Ref);
        await node.ExpectMsgAsync<InsertAcknowledged>();
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, RefusedSoFar());

        var good = Batch();
        gateway.Tell(new RunMessage(RunId, good), node.Ref);
        Assert.Same(good, (await _replay.ExpectMsgAsync<InsertBatch>()).Batch);
    }

    [Fact]
    public async Task Messages_a_node_never_sends_are_dropped_and_counted_without_an_answer()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        gateway.Tell(new RunMessage(RunId, new JoinGrant("{}", [1])), node.Ref);
        gateway.Tell(new RunMessage(RunId, Snapshot(1, 2)), node.Ref);

        // A hello with no node name carries no run id of its own either: refused as another run's.
        gateway.Tell(new RunMessage(Guid.Empty, new Hello("", WireProtocol.Version, 1, 1)), node.Ref);
        gateway.Tell(new RunMessage(RunId, Batch(obsDim: 1)), node.Ref);
        await node.ExpectMsgAsync<InsertAcknowledged>();
        Assert.Equal(4, RefusedSoFar());
        await _membership.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_hello_goes_to_the_membership_with_the_sender_to_answer()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        var hello = new Hello("n1", WireProtocol.Version, 2, 4);

        gateway.Tell(new RunMessage(Guid.Empty, hello), node.Ref);

        var received = await _membership.ExpectMsgAsync<NodeHelloReceived>();
        Assert.Equal(hello, received.Hello);
        Assert.Equal(node.Ref, received.ReplyTo);
    }

    [Fact]
    public async Task Heartbeats_and_statistics_go_to_the_membership()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        var beat = new Heartbeat("n1", WireProtocol.Version, 1, 10, 2, 0, [5], 3);
        var stats = new NodeStats("n1", 9, new ActorStats(5, 100, 2, 1.5, 0.1, 2, 0));

        gateway.Tell(new RunMessage(RunId, beat), node.Ref);
        gateway.Tell(new RunMessage(RunId, stats), node.Ref);

        Assert.Equal(beat, (await _membership.ExpectMsgAsync<NodeHeartbeatReceived>()).Heartbeat);
        var received = await _membership.ExpectMsgAsync<NodeStatsReceived>();
        Assert.Equal(("n1", stats.Stats, 9L), (received.NodeId, received.Stats, received.NonZeroRewards));

        // A node that was never granted gets no weights for its heartbeat.
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_granted_node_gets_its_grant_and_then_the_newest_weights()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        var older = Snapshot(3, 100);
        var newest = Snapshot(4, 12_000);
        gateway.Tell(new WeightsArrived(older));
        gateway.Tell(new WeightsArrived(newest));

        gateway.Tell(new JoinAnswer("n1", node.Ref, [7, 2055], null));

        var grant = await node.ExpectMsgAsync<RunMessage>();
        Assert.Equal(RunId, grant.RunId);
        var body = Assert.IsType<JoinGrant>(grant.Body);
        Assert.Equal(ConfigJson, body.ConfigJson);
        Assert.Equal([7, 2055], body.ActorIds);
        AssertSame(newest, await ReceiveSnapshotAsync(node));
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_node_granted_before_any_weights_gets_only_its_grant()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        gateway.Tell(new JoinAnswer("n1", node.Ref, [0], null));
        Assert.IsType<JoinGrant>((await node.ExpectMsgAsync<RunMessage>()).Body);
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_refused_node_gets_the_reason_and_no_weights()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        gateway.Tell(new WeightsArrived(Snapshot(1, 10)));

        gateway.Tell(new JoinAnswer("n1", node.Ref, [], "protocol 9 is not 2"));

        var answer = await node.ExpectMsgAsync<RunMessage>();
        Assert.Equal(new JoinRefused("protocol 9 is not 2"), answer.Body);
        gateway.Tell(new WeightsArrived(Snapshot(2, 10)));
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task New_weights_go_in_chunks_to_every_admitted_node()
    {
        var gateway = Gateway();
        var (a, b) = (CreateTestProbe(), CreateTestProbe());
        await AdmitAsync(gateway, "a", a);
        await AdmitAsync(gateway, "b", b);

        var snapshot = Snapshot(9, 20_000);
        gateway.Tell(new WeightsArrived(snapshot));

        AssertSame(snapshot, await ReceiveSnapshotAsync(a));
        AssertSame(snapshot, await ReceiveSnapshotAsync(b));
    }

    [Fact]
    public async Task A_node_that_left_gets_no_more_weights()
    {
        var gateway = Gateway();
        var (gone, staying) = (CreateTestProbe(), CreateTestProbe());
        await AdmitAsync(gateway, "gone", gone);
        await AdmitAsync(gateway, "staying", staying);

        gateway.Tell(new NodeLeft("gone"));
        gateway.Tell(new WeightsArrived(Snapshot(5, 10)));

        // Once the staying node has the whole version, anything for the gone one would be in its mailbox.
        Assert.Equal(5, (await ReceiveSnapshotAsync(staying)).Version);
        await gone.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_heartbeat_from_a_node_that_left_admits_it_again_with_the_newest_weights()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        await AdmitAsync(gateway, "n1", node);
        gateway.Tell(new NodeLeft("n1"));
        var newest = Snapshot(6, 9_000);
        gateway.Tell(new WeightsArrived(newest));

        gateway.Tell(new RunMessage(RunId, new Heartbeat("n1", WireProtocol.Version, 1, 0, 0, 0, [0])), node.Ref);

        AssertSame(newest, await ReceiveSnapshotAsync(node));
        await _membership.ExpectMsgAsync<NodeHeartbeatReceived>();

        // Admitted again: the next version comes too.
        gateway.Tell(new WeightsArrived(Snapshot(7, 10)));
        Assert.Equal(7, (await ReceiveSnapshotAsync(node)).Version);
    }

    [Fact]
    public async Task A_heartbeat_from_an_admitted_node_does_not_resend_weights()
    {
        var gateway = Gateway();
        var node = CreateTestProbe();
        gateway.Tell(new WeightsArrived(Snapshot(1, 10)));
        gateway.Tell(new JoinAnswer("n1", node.Ref, [0], null));
        await node.ExpectMsgAsync<RunMessage>();
        await ReceiveSnapshotAsync(node);

        gateway.Tell(new RunMessage(RunId, new Heartbeat("n1", WireProtocol.Version, 1, 0, 1, 0, [0])), node.Ref);
        await _membership.ExpectMsgAsync<NodeHeartbeatReceived>();
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private IActorRef Gateway(ObservationEncoding encoding = ObservationEncoding.Float32)
    {
        var settings = new GatewaySettings(RunId, ConfigJson, ObsDim, Actions, encoding);
        var (replay, counts) = (_replay.Ref, _counts);
        var gateway = Sys.ActorOf(Props.Create(() => new ClusterGateway(settings, replay, counts)));
        gateway.Tell(new UseMembership(_membership.Ref));
        return gateway;
    }

    /// <summary>Refusals counted by this test's gateway (the tests of this collection run alone, so the serializer's count stands still).</summary>
    private long RefusedSoFar() => _counts.Refused - FlockWireSerializer.Undecodable;

    private async Task AdmitAsync(IActorRef gateway, string node, TestProbe link)
    {
        gateway.Tell(new JoinAnswer(node, link.Ref, [0], null));
        Assert.IsType<JoinGrant>((await link.ExpectMsgAsync<RunMessage>()).Body);
    }

    /// <summary>Receives one version's chunks, in order, and assembles them as a node does.</summary>
    private static async Task<WeightSnapshot> ReceiveSnapshotAsync(TestProbe node)
    {
        var assembler = new WeightsAssembler(WireLimits.Default);
        while (true)
        {
            var message = await node.ExpectMsgAsync<RunMessage>();
            Assert.Equal(RunId, message.RunId);
            var chunk = Assert.IsType<WeightsChunk>(message.Body);
            if (assembler.Add(chunk) is { } snapshot)
            {
                Assert.Equal(0, assembler.Abandoned);
                return snapshot;
            }
        }
    }

    private static void AssertSame(WeightSnapshot expected, WeightSnapshot actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Shapes, actual.Shapes);
        Assert.Equal(expected.Weights, actual.Weights);
    }

    private static WeightSnapshot Snapshot(long version, int floats)
    {
        var weights = Enumerable.Range(0, floats).Select(i => (float)Math.Sin(i + version)).ToArray();
        return new WeightSnapshot(version, [new ParameterShape(1, floats)], weights);
    }

    /// <summary>Two transitions; with UInt8 the observations are carried as bytes (a value above 255 is not meant for them).</summary>
    private static TransitionBatch Batch(
        int obsDim = ObsDim, int action = 1, float observation = 1f, float nextObservation = 0f, float priority = 0.5f,
        ObservationEncoding encoding = ObservationEncoding.Float32)
    {
        const int count = 2;
        var observations = Enumerable.Repeat(1f, count * obsDim).ToArray();
        var next = Enumerable.Repeat(0f, count * obsDim).ToArray();
        observations[^1] = observation;
        next[^1] = nextObservation;
        var boards = encoding == ObservationEncoding.UInt8;
        return new TransitionBatch(
            SourceActor: 3, WeightsVersion: 1, Count: count, ObsDim: obsDim,
            Observations: boards ? [] : observations, Actions: [0, action], Rewards: [0f, 1f], NextObservations: boards ? [] : next,
            Discounts: [0.99f, 0.99f], Terminated: [false, true], InitialPriorities: [1f, priority])
        {
            Encoding = encoding,
            ObservationBytes = boards ? [.. observations.Select(v => (byte)v)] : [],
            NextObservationBytes = boards ? [.. next.Select(v => (byte)v)] : [],
        };
    }
}
