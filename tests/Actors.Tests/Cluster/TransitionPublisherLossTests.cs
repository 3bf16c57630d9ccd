using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Cluster.Support;
using Flock.Actors.Tests.Support;
using Flock.Actors.Tests.Telemetry;
using Flock.Actors.Transport;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Cluster;

/// <summary>An actor node's transition publisher against a real broker: a nacked publish is a rejection (resent), a batch abandoned at stop a drop.</summary>
[Collection(BrokerCollection.Name)]
public sealed class TransitionPublisherLossTests : FlockTestKit
{
    [BrokerFact]
    public async Task Broker_nacks_count_as_rejected_and_batches_given_up_at_stop_as_dropped()
    {
        await using var bed = await TransitionQueueBed.CreateAsync("loss");

        // The broker collection runs alone, so the publisher sites' measurements are this test's.
        using var recorder = new MessageLossRecorder(l => l.Site == MessageLoss.Sites.TransitionPublisher);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(bed.Token);
        var counters = new PublishCounters();
        var token = stopping.Token;
        var publisher = Sys.ActorOf(Props.Create(() => new TransitionPublisher(bed.Confirms, "test-node", counters, token)));
        const int Refused = 10;
        for (var i = 0; i < ClusterTopology.TransitionQueueMaxBatches + Refused; i++)
        {
            publisher.Tell(new InsertBatch(TransitionBatch.Allocate(i, 4, 2) with { Count = 4 }, null));
        }

        // Nobody consumes: the queue takes its bound and nacks the rest, which are retried until the node stops.
        await bed.WaitUntilAsync(() => counters.TransitionsSent == ClusterTopology.TransitionQueueMaxBatches * 4
            && recorder.Total(MetricNames.MessagesRejected, MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.BrokerNack) >= 2 * Refused);
        Assert.Equal(0, recorder.Total(MetricNames.MessagesDropped, MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.Stopping));

        await stopping.CancelAsync();
        await bed.WaitUntilAsync(() => recorder.Total(MetricNames.MessagesDropped, MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.Stopping) == Refused);
        Assert.Equal(counters.Retries, recorder.Total(MetricNames.MessagesRejected, MessageLoss.Sites.TransitionPublisher, MessageLoss.Reasons.BrokerNack));
    }
}
