using Akka.Actor;
using Flock.Actors.Cluster;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Actors.Transport;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The learner's membership actor on a hand-driven clock: joins, refusals, sweeps, and counting each step once.</summary>
public sealed class MembershipActorTests : FlockTestKit
{
    private readonly Akka.TestKit.TestProbe _replies;
    private readonly Akka.TestKit.TestProbe _coordinator;
    private readonly IActorRef _membership;
    private TimeSpan _now;

    public MembershipActorTests()
    {
        _replies = CreateTestProbe();
        _coordinator = CreateTestProbe();

        // Timers far apart, so only the sweeps and reports this test sends happen.
        Func<TimeSpan> now = () => _now;
        var (replies, coordinator) = (_replies.Ref, _coordinator.Ref);
        _membership = Sys.ActorOf(Props.Create(() => new MembershipActor(
            new ClusterMembership(TimeSpan.FromSeconds(5)), replies, coordinator, new GarbageLog(TextWriter.Null), 3,
            TimeSpan.FromHours(1), TimeSpan.FromHours(1), now)), "membership");
    }

    [Fact]
    public async Task A_hello_without_an_actor_count_gets_the_learners_count_of_ids()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 0, 0), "inbox-a", "weights-a"));
        var answer = await _replies.ExpectMsgAsync<JoinAnswer>();
        Assert.Null(answer.Refusal);
        Assert.Equal([0, 2048, 1024], answer.ActorIds);
        Assert.Equal(("inbox-a", "weights-a"), (answer.ReplyTo, answer.WeightsQueue));
    }

    [Fact]
    public async Task A_hello_of_another_protocol_version_is_refused_with_the_reason()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("future", WireProtocol.Version + 1, 1, 1), "inbox", null));
        var answer = await _replies.ExpectMsgAsync<JoinAnswer>();
        Assert.Empty(answer.ActorIds);
        Assert.Contains($"speaks {WireProtocol.Version + 1}", answer.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_swept_and_back_in_the_same_process_has_its_steps_counted_once()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 1, 1), "inbox", null));
        var id = (await _replies.ExpectMsgAsync<JoinAnswer>()).ActorIds.Single();
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 0));
        Assert.Equal(1_000, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).Stats.EnvSteps);

        _now = TimeSpan.FromSeconds(6);
        _membership.Tell(SweepMembership.Instance);
        Assert.Equal([id], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);

        // Its heartbeat comes back with the same ids: only what it did since the sweep is new.
        _membership.Tell(new NodeHeartbeatReceived(new Heartbeat("a", WireProtocol.Version, 1, 0, 0, 0), [id], 0));
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_500), 0));
        Assert.Equal(500, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).Stats.EnvSteps);
    }

    [Fact]
    public async Task A_node_swept_and_back_in_the_same_process_has_its_non_zero_rewards_counted_once()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 1, 1), "inbox", null));
        var id = (await _replies.ExpectMsgAsync<JoinAnswer>()).ActorIds.Single();
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 40));
        Assert.Equal(40, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).NonZeroRewards);

        _now = TimeSpan.FromSeconds(6);
        _membership.Tell(SweepMembership.Instance);
        await _coordinator.ExpectMsgAsync<ActorsRetired>();
        _membership.Tell(new NodeHeartbeatReceived(new Heartbeat("a", WireProtocol.Version, 1, 0, 0, 0), [id], 0));
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_500), 55));
        Assert.Equal(15, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).NonZeroRewards);
    }

    [Fact]
    public async Task A_restarted_process_under_the_same_name_keeps_its_ids_and_counts_from_zero()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 1, 1), "inbox", null));
        var id = (await _replies.ExpectMsgAsync<JoinAnswer>()).ActorIds.Single();
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 1_000), 0));
        await _coordinator.ExpectMsgAsync<ActorStatsReported>();

        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 1, 1), "inbox-2", null));
        Assert.Equal([id], (await _replies.ExpectMsgAsync<JoinAnswer>()).ActorIds);
        Assert.Equal([id], (await _coordinator.ExpectMsgAsync<ActorsRetired>()).ActorIds);
        _membership.Tell(new NodeStatsReceived("a", Stats(id, 200), 0));
        Assert.Equal(200, (await _coordinator.ExpectMsgAsync<ActorStatsReported>()).Stats.EnvSteps);
    }

    [Fact]
    public async Task Statistics_of_actors_that_are_not_the_senders_are_ignored()
    {
        _membership.Tell(new NodeHelloReceived(new Hello("a", WireProtocol.Version, 1, 1), "inbox", null));
        await _replies.ExpectMsgAsync<JoinAnswer>();
        _membership.Tell(new NodeStatsReceived("a", Stats(77, 10), 0));
        _membership.Tell(new NodeStatsReceived("stranger", Stats(0, 10), 0));
        _membership.Tell(ReportMembership.Instance);
        var report = await _coordinator.ExpectMsgAsync<ClusterStatsReported>();
        Assert.Equal((1, 1), (report.Nodes, report.Actors));
    }

    private static ActorStats Stats(int actorId, long envSteps) => new(actorId, envSteps, 0, double.NaN, 0.1, 0, 0);
}
