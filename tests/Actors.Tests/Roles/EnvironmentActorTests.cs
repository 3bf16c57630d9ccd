using Flock.Actors.Roles;
using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Environments;
using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Roles;

public sealed class EnvironmentActorTests : IAsyncDisposable
{
    private readonly ActorSystem _system = new("env-test", new ActorSystemOptions { Log = new TextWriterActorLog(TextWriter.Null) });
    private readonly TestProbe<IReplayMessage> _replay = new("replay");
    private readonly TestProbe<ICoordinatorMessage> _coordinator = new("coordinator");

    public ValueTask DisposeAsync() => _system.DisposeAsync();

    private (IActorRef<IEnvironmentMessage> Actor, EnvironmentActorCounters Counters) Spawn(int window)
    {
        var env = EnvRegistry.Default.Get("CartPole-v1");
        var spec = new QNetworkSpec(4, 2, [16], dueling: false);
        var setup = new EnvironmentActorSetup(0, 1, env, EnvsPerActor: 4, Seed: 3, spec, new QNetwork(spec, 1).Snapshot(),
            new NStepOptions(), new ExplorationOptions(), SendBatchSize: 32, InitialPriorityKind.Actor, window, TimeSpan.FromHours(1));
        var counters = new EnvironmentActorCounters();
        return (_system.Spawn<IEnvironmentMessage>("env-0", () => new EnvironmentActor(setup, counters, _replay, _coordinator)), counters);
    }

    [Fact]
    public async Task Sends_batches_with_priorities_and_stops_at_its_window_until_acknowledged()
    {
        var (actor, counters) = Spawn(window: 2);
        var first = await _replay.ExpectMsgAsync<InsertBatch>();
        await _replay.ExpectMsgAsync<InsertBatch>();
        await _replay.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, counters.BatchesSent);

        Assert.True(first.Batch.Count >= 32);
        Assert.All(first.Batch.InitialPriorities[..first.Batch.Count], p => Assert.True(p >= 0 && float.IsFinite(p)));
        Assert.All(first.Batch.Discounts[..first.Batch.Count], d => Assert.InRange(d, 0.97f, 0.99f));
        Assert.Same(actor, first.AckTo);

        first.AckTo!.Tell(InsertAcknowledged.Instance);
        await _replay.ExpectMsgAsync<InsertBatch>();
        await _replay.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task New_weights_are_swapped_in_and_reported()
    {
        var (actor, counters) = Spawn(window: 1);
        await _replay.ExpectMsgAsync<InsertBatch>();
        var spec = new QNetworkSpec(4, 2, [16], dueling: false);
        var snapshot = new QNetwork(spec, 99).Snapshot() with { Version = 42 };
        actor.Tell(new WeightsArrived(snapshot));
        actor.Tell(ReportStats.Instance);
        var stats = await _coordinator.ExpectMsgAsync<ActorStatsReported>(s => s.Stats.WeightsVersion == 42, "stats with version 42");
        Assert.Equal(42, counters.WeightsVersion);
        Assert.True(stats.Stats.EnvSteps > 0);
    }
}
