using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Learner;
using Flock.Learner.Replay;
using Flock.Shared.Messages;

namespace Flock.Actors.Tests.Roles;

public sealed class ReplayActorTests : FlockTestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly Akka.TestKit.TestProbe _coordinator;
    private readonly Akka.TestKit.TestProbe _learner;
    private readonly Akka.TestKit.TestProbe _actor;

    public ReplayActorTests()
    {
        _coordinator = CreateTestProbe("coordinator");
        _learner = CreateTestProbe("learner");
        _actor = CreateTestProbe("env");
    }

    private IActorRef Spawn(int minSize, double samplesPerInsert, double tolerance) =>
        Sys.ActorOf(ReplayActor.Props(
            new PrioritizedReplay(new ReplayOptions(1_000, 4, betaAnnealSamples: 1_000), seed: 7),
            new SampleToInsertRatioLimiter(minSize, samplesPerInsert, tolerance),
            _coordinator,
            TimeSpan.FromHours(1)), "replay");

    private static TransitionBatch Batch(int count)
    {
        var batch = TransitionBatch.Allocate(0, count, 4) with { Count = count };
        batch.InitialPriorities.AsSpan().Fill(-1);
        return batch;
    }

    [Fact]
    public async Task A_sample_request_waits_for_the_minimum_size_then_is_served()
    {
        var replay = Spawn(minSize: 100, samplesPerInsert: 1, tolerance: 1_000);
        var buffer = new SampledBatch(32, 4);
        replay.Tell(new SampleRequest(buffer, _learner));
        await _learner.ExpectNoMsgAsync(Quiet);

        replay.Tell(new InsertBatch(Batch(60), _actor));
        await _actor.ExpectMsgAsync<InsertAcknowledged>();
        await _learner.ExpectNoMsgAsync(Quiet);

        replay.Tell(new InsertBatch(Batch(60), _actor));
        await _actor.ExpectMsgAsync<InsertAcknowledged>();
        var sampled = await _learner.ExpectMsgAsync<Sampled>();
        Assert.Same(buffer, sampled.Batch);
        Assert.Equal(32, sampled.Batch.Count);
    }

    [Fact]
    public async Task Inserts_running_ahead_of_sampling_are_parked_unacknowledged_until_the_learner_catches_up()
    {
        // One sampled transition per inserted one, with 100 transitions of slack.
        var replay = Spawn(minSize: 10, samplesPerInsert: 1, tolerance: 100);
        for (var i = 0; i < 3; i++)
        {
            replay.Tell(new InsertBatch(Batch(50), _actor));
        }

        await _actor.ExpectMsgAsync<InsertAcknowledged>();
        await _actor.ExpectMsgAsync<InsertAcknowledged>();
        await _actor.ExpectNoMsgAsync(Quiet);

        // Sampling 100 transitions brings the ratio back: the parked batch goes in and is acknowledged.
        for (var i = 0; i < 2; i++)
        {
            replay.Tell(new SampleRequest(new SampledBatch(50, 4), _learner));
            await _learner.ExpectMsgAsync<Sampled>();
        }

        await _actor.ExpectMsgAsync<InsertAcknowledged>();
    }

    [Fact]
    public async Task Stats_report_size_and_counts()
    {
        var replay = Spawn(minSize: 1, samplesPerInsert: 1, tolerance: 1_000);
        replay.Tell(new InsertBatch(Batch(20), null));
        replay.Tell(ReportStats.Instance);
        var stats = await _coordinator.ExpectMsgAsync<ReplayStatsReported>();
        Assert.Equal((20, 20L, 0), (stats.Size, stats.Inserted, stats.ParkedInserts));
    }
}
