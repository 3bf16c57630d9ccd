using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Environments;
using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Roles;

public sealed class EnvironmentActorTests : FlockTestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private (IActorRef Actor, EnvironmentActorCounters Counters) Spawn(Akka.TestKit.TestProbe replay, Akka.TestKit.TestProbe coordinator, int window)
    {
        var env = EnvRegistry.Default.Get("CartPole-v1");
        var spec = new QNetworkSpec(4, 2, [16], dueling: false);
        var setup = new EnvironmentActorSetup(0, 1, env, EnvsPerActor: 4, Seed: 3, spec, new QNetwork(spec, 1).Snapshot(),
            new NStepOptions(), new ExplorationOptions(), SendBatchSize: 32, InitialPriorityKind.Actor, window, TimeSpan.FromHours(1));
        var counters = new EnvironmentActorCounters();
        return (Sys.ActorOf(EnvironmentActor.Props(setup, counters, replay, coordinator), "env-0"), counters);
    }

    [Fact]
    public async Task Sends_batches_with_priorities_and_stops_at_its_window_until_acknowledged()
    {
        var replay = CreateTestProbe("replay");
        var (actor, counters) = Spawn(replay, CreateTestProbe("coordinator"), window: 2);
        var first = await replay.ExpectMsgAsync<InsertBatch>();
        await replay.ExpectMsgAsync<InsertBatch>();
        await replay.ExpectNoMsgAsync(Quiet);
        Assert.Equal(2, counters.BatchesSent);

        Assert.True(first.Batch.Count >= 32);
        Assert.All(first.Batch.InitialPriorities[..first.Batch.Count], p => Assert.True(p >= 0 && float.IsFinite(p)));
        Assert.All(first.Batch.Discounts[..first.Batch.Count], d => Assert.InRange(d, 0.97f, 0.99f));
        Assert.Equal(actor, first.AckTo);

        first.AckTo!.Tell(InsertAcknowledged.Instance);
        await replay.ExpectMsgAsync<InsertBatch>();
        await replay.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task New_weights_are_swapped_in_and_reported()
    {
        var replay = CreateTestProbe("replay");
        var coordinator = CreateTestProbe("coordinator");
        var (actor, counters) = Spawn(replay, coordinator, window: 1);
        await replay.ExpectMsgAsync<InsertBatch>();
        var spec = new QNetworkSpec(4, 2, [16], dueling: false);
        var snapshot = new QNetwork(spec, 99).Snapshot() with { Version = 42 };
        actor.Tell(new WeightsArrived(snapshot));
        actor.Tell(ReportStats.Instance);
        var stats = await coordinator.FishForMessageAsync<ActorStatsReported>(s => s.Stats.WeightsVersion == 42);
        Assert.Equal(42, counters.WeightsVersion);
        Assert.True(stats.Stats.EnvSteps > 0);
    }
}
