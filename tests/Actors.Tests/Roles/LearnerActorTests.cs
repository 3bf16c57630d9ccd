using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Learner;
using Flock.Learner.Dqn;
using Flock.Learner.Numerics;

namespace Flock.Actors.Tests.Roles;

/// <summary>The learner's prefetch: <see cref="LearnerSetup.PrefetchDepth"/> sample requests always in flight, each into a buffer not being trained on.</summary>
public sealed class LearnerActorTests : FlockTestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Three_deep_prefetch_keeps_three_requests_in_flight_in_distinct_buffers()
    {
        var replay = CreateTestProbe("replay");
        var coordinator = CreateTestProbe("coordinator");
        var options = new DqnOptions { HiddenSizes = [8], Dueling = false };
        var learner = Sys.ActorOf(
            LearnerActor.Props(new DqnLearner(4, 2, options), new LearnerSetup(16, 1000, TimeSpan.FromHours(1), PrefetchDepth: 3), replay, [], coordinator),
            "learner");

        learner.Tell(StartLearning.Instance);
        var first = await replay.ExpectMsgAsync<SampleRequest>();
        var second = await replay.ExpectMsgAsync<SampleRequest>();
        var third = await replay.ExpectMsgAsync<SampleRequest>();
        await replay.ExpectNoMsgAsync(Quiet);
        Assert.Equal(3, new[] { first.Buffer, second.Buffer, third.Buffer }.Distinct().Count());

        // Serving the first: one new request goes out, into the fourth buffer, before that update's priorities.
        Fill(first.Buffer);
        learner.Tell(new Sampled(first.Buffer));
        var fourth = await replay.ExpectMsgAsync<SampleRequest>();
        await replay.ExpectMsgAsync<PrioritiesUpdated>();
        Assert.DoesNotContain(fourth.Buffer, new[] { first.Buffer, second.Buffer, third.Buffer });

        // The ring comes round: the next free buffer is the first one, trained on and done with.
        Fill(second.Buffer);
        learner.Tell(new Sampled(second.Buffer));
        var fifth = await replay.ExpectMsgAsync<SampleRequest>();
        Assert.Same(first.Buffer, fifth.Buffer);
        await replay.ExpectMsgAsync<PrioritiesUpdated>();
        await replay.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Time_without_a_batch_is_reported_as_waiting()
    {
        var replay = CreateTestProbe("replay");
        var coordinator = CreateTestProbe("coordinator");
        var options = new DqnOptions { HiddenSizes = [8], Dueling = false };
        var learner = Sys.ActorOf(
            LearnerActor.Props(new DqnLearner(4, 2, options), new LearnerSetup(16, 1000, TimeSpan.FromMilliseconds(100)), replay, [], coordinator),
            "learner");
        learner.Tell(StartLearning.Instance);
        var request = await replay.ExpectMsgAsync<SampleRequest>();
        await Task.Delay(400);
        Fill(request.Buffer);
        learner.Tell(new Sampled(request.Buffer));
        await replay.ExpectMsgAsync<SampleRequest>();

        var waited = 0.0;
        await AwaitAssertAsync(async () =>
        {
            var report = await coordinator.ExpectMsgAsync<LearnerStatsReported>();
            waited = (double)report.WaitTicks / System.Diagnostics.Stopwatch.Frequency;
            Assert.Equal(1, report.Updates);
        }, TimeSpan.FromSeconds(5));
        Assert.InRange(waited, 0.35, 60);
    }

    private static void Fill(SampledBatch batch)
    {
        var source = SampledBatch.Synthetic(new FastRandom(3), batch.Capacity, batch.ObsDim, 2, binary: false);
        source.Observations.CopyTo(batch.Observations, 0);
        source.NextObservations.CopyTo(batch.NextObservations, 0);
        source.Actions.CopyTo(batch.Actions, 0);
        source.Rewards.CopyTo(batch.Rewards, 0);
        source.Discounts.CopyTo(batch.Discounts, 0);
        source.ImportanceWeights.CopyTo(batch.ImportanceWeights, 0);
        source.Keys.CopyTo(batch.Keys, 0);
        batch.Count = batch.Capacity;
    }
}
