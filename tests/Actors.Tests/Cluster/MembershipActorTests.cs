using Akka.Actor;
using Akka.TestKit;
using Flock.Actors.Cluster;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The learner's membership actor on a hand-driven clock: joins, refusals, sweeps, lost nodes, and counting each step once.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class MembershipActorTests : FlockTestKit
{
    private readonly TestProbe _gateway;
    private readonly TestProbe _coordinator;
    private readonly TestProbe _link;
    private readonly GatewayCounts _counts = new();
    private readonly IActorRef _membership;
    private TimeSpan _now;

    public MembershipActorTests()
    {
        _gateway = CreateTestProbe();
        _coordinator = CreateTestProbe();
        _link = CreateTestProbe();

        // Timers far apart, so only the sweeps and reports this test sends happen.
        Func<TimeSpan> now = () => _now;
        var (gateway, coordinator, counts) = (_gateway.Ref, _coordinator.Ref, _counts);
        _membership = Sys.ActorOf(Props.Create(() => new MembershipActor(
            new ClusterMembership(TimeSpan.FromSeconds(5)), gateway, coordinator, counts, 3,
            TimeSpan.FromHours(1), TimeSpan.FromHours(1), now)), "membership");
    }

    [Fact]
    public async Task A_hello_without_an_actor_count_gets_the_learners_count_of_ids_for_its_link()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 0, 0), _link.Ref));
        var answer = await _gateway.ExpectMsgAsync<JoinAnswer>();
        Assert.Null(answer.Refusal);
        Assert.Equal("a", answer.NodeId);
        Assert.Equal([0, 2048, 1024], answer.ActorIds);
        Assert.Equal(_link.Ref, answer.ReplyTo);
    }

    [Fact]
    public async Task A_hello_of_another_protocol_version_is_refused_with_the_reason()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("future", WireProtocol.Version + 1, 1, 1), _link.Ref));
        var answer = await _gateway.ExpectMsgAsync<JoinAnswer>();
        Assert.Empty(answer.ActorIds);
        Assert.Equal(_link.Ref, answer.ReplyTo);
        Assert.Contains($"speaks {WireProtocol.Version + 1}", answer.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hello_asking_for_more_actors_than_the_run_has_ids_is_refused()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("greedy", WireProtocol.Version, ActorSlots.SlotSpace + 1, 1), _link.Ref));
        var answer = await _gateway.ExpectMsgAsync<JoinAnswer>();
        Assert.Empty(answer.ActorIds);
        Assert.False(string.IsNullOrEmpty(answer.Refusal));
    }

    [Fact]
    public async Task A_node_swept_and_back_in_the_same_process_has_its_steps_counted_once()
    {
        var id = await JoinAsync("a");
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 0));
        Assert.Equal(1_000, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).Stats.EnvSteps);

        _now = TimeSpan.FromSeconds(6);
        _membership.Tell(SweepMembership.Instance);
        Assert.Equal([id], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);
        Assert.Equal("a", (await _gateway.ExpectMsgAsync<NodeLeft>()).NodeId);

        // Its heartbeat comes back with the same ids: only what it did since the sweep is new.
        _membership.Tell(new NodeHeartbeatReceived(Beat("a", [id])));
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_500), 0));
        Assert.Equal(500, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).Stats.EnvSteps);
    }

    [Fact]
    public async Task A_node_swept_and_back_in_the_same_process_has_its_non_zero_rewards_counted_once()
    {
        var id = await JoinAsync("a");
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 40));
        Assert.Equal(40, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).NonZeroRewards);

        _now = TimeSpan.FromSeconds(6);
        _membership.Tell(SweepMembership.Instance);
        await _coordinator.ExpectMsgAsync<ActorsRetired>();
        _membership.Tell(new NodeHeartbeatReceived(Beat("a", [id])));
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_500), 55));
        Assert.Equal(15, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).NonZeroRewards);
    }

    [Fact]
    public async Task A_restarted_process_under_the_same_name_keeps_its_ids_and_counts_from_zero()
    {
        var id = await JoinAsync("a");
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 0));
        await _coordinator.ExpectMsgAsync<ActorStatsReported>();

        var second = CreateTestProbe();
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 1, 1), second.Ref));
        var answer = await _gateway.ExpectMsgAsync<JoinAnswer>();
        Assert.Equal([id], answer.ActorIds);
        Assert.Equal(second.Ref, answer.ReplyTo);
        Assert.Equal([id], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 200), 0));
        Assert.Equal(200, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).Stats.EnvSteps);
    }

    [Fact]
    public async Task Statistics_of_actors_that_are_not_the_senders_are_ignored()
    {
        await JoinAsync("a");
        _membership.Tell(new NodeStatsReceived("a", Stats(77, 10), 0));
        _membership.Tell(new NodeStatsReceived("stranger", Stats(0, 10), 0));
        _membership.Tell(ReportMembership.Instance);
        var report = await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        Assert.Equal((1, 1), (report.Nodes, report.Actors));
    }

    [Fact]
    public async Task A_lost_node_has_its_actors_retired_and_the_gateway_stops_its_weights()
    {
        var id = await JoinAsync("a");
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 0));
        await _coordinator.ExpectMsgAsync<ActorStatsReported>();

        _membership.Tell(new NodeLost(_link.Ref.Path.Address, "is unreachable"));
        Assert.Equal([id], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);
        Assert.Equal("a", (await _gateway.ExpectMsgAsync<NodeLeft>()).NodeId);

        // Its statistics no longer count, and the report shows no node.
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 2_000), 0));
        _membership.Tell(ReportMembership.Instance);
        var report = await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        Assert.Equal((0, 0), (report.Nodes, report.Actors));
    }

    [Fact]
    public async Task A_node_lost_twice_is_retired_once()
    {
        await JoinAsync("a");
        _membership.Tell(new NodeLost(_link.Ref.Path.Address, "is unreachable"));
        await _coordinator.ExpectMsgAsync<ActorsRetired>();
        await _gateway.ExpectMsgAsync<NodeLeft>();

        _membership.Tell(new NodeLost(_link.Ref.Path.Address, "left the cluster"));
        _membership.Tell(ReportMembership.Instance);

        // The report comes next: no second retirement in between.
        await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        await _gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_lost_address_that_no_member_has_retires_nobody()
    {
        await JoinAsync("a");
        _membership.Tell(new NodeLost(new Address("akka.tcp", ClusterRoles.SystemName, "10.9.9.9", 4053), "is unreachable"));
        _membership.Tell(ReportMembership.Instance);
        var report = await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        Assert.Equal((1, 1), (report.Nodes, report.Actors));
    }

    [Fact]
    public async Task A_new_node_at_the_address_of_a_gone_one_is_retired_when_that_address_is_lost()
    {
        // A restarted process under a new name (the default name has the process id) on the same --listen port:
        // the cluster's events name the address, and the live node there is the one to retire.
        await JoinAsync("old");
        _membership.Tell(new NodeLost(_link.Ref.Path.Address, "left the cluster"));
        await _coordinator.ExpectMsgAsync<ActorsRetired>();
        await _gateway.ExpectMsgAsync<NodeLeft>();

        var id = await JoinAsync("new");
        _membership.Tell(new NodeLost(_link.Ref.Path.Address, "is unreachable"));
        Assert.Equal([id], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);
        Assert.Equal("new", (await _gateway.ExpectMsgAsync<NodeLeft>()).NodeId);
    }

    [Fact]
    public async Task A_lost_node_back_by_heartbeat_rejoins_with_its_ids()
    {
        var id = await JoinAsync("a");
        _membership.Tell(new NodeLost(_link.Ref.Path.Address, "is unreachable"));
        await _coordinator.ExpectMsgAsync<ActorsRetired>();

        _membership.Tell(new NodeHeartbeatReceived(Beat("a", [id])));
        _membership.Tell(ReportMembership.Instance);
        var report = await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        Assert.Equal((1, 1), (report.Nodes, report.Actors));
    }

    [Fact]
    public async Task The_report_carries_lost_transitions_of_live_and_gone_nodes_and_the_gateways_refusals()
    {
        var a = await JoinAsync("a");
        var b = await JoinAsync("b");
        _membership.Tell(new NodeHeartbeatReceived(Beat("a", [a], lost: 7)));
        _membership.Tell(new NodeHeartbeatReceived(Beat("b", [b], lost: 5)));
        await SettledAsync();
        _now = TimeSpan.FromSeconds(1);
        _membership.Tell(new NodeHeartbeatReceived(Beat("b", [b], lost: 6)));
        await SettledAsync();

        // a falls silent and is swept; what it lost stays counted.
        _now = TimeSpan.FromSeconds(5.5);
        _membership.Tell(SweepMembership.Instance);
        Assert.Equal([a], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);

        _counts.AddRefused();
        _counts.AddRefused();
        _membership.Tell(ReportMembership.Instance);
        var report = await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        Assert.Equal((1, 1), (report.Nodes, report.Actors));
        Assert.Equal(13, report.TransitionsLost);
        Assert.Equal(2 + FlockWireSerializer.Undecodable, report.GarbageMessages);
        Assert.Equal(["b"], report.PerNodeTransitionsPerSecond.Keys);
    }

    private async Task<int> JoinAsync(string node)
    {
        _membership.Tell(new NodeHelloReceived(new Hello(node, WireProtocol.Version, 1, 1), _link.Ref));
        var answer = await _gateway.ExpectMsgAsync<JoinAnswer>();
        Assert.Null(answer.Refusal);
        return answer.ActorIds.Single();
    }

    /// <summary>Waits until the membership has handled everything sent so far (the clock is read when it handles a message).</summary>
    private async Task SettledAsync()
    {
        _membership.Tell(ReportMembership.Instance);
        await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
    }

    private static Heartbeat Beat(string node, int[] ids, long lost = 0) => new(node, WireProtocol.Version, ids.Length, 0, 0, 0, ids, lost);

    private static ActorStats Stats(int actorId, long envSteps) => new(actorId, envSteps, 0, double.NaN, 0.1, 0, 0);
}
