using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Cluster.Support;
using Flock.Actors.Tests.Support;
using Flock.Actors.Transport;
using Flock.Shared.Messages;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The actor-node side of the transition queue against a real broker: confirms, refusal when full, retries, no loss.</summary>
[Collection(BrokerCollection.Name)]
public sealed class TransitionBackpressureTests : FlockTestKit
{
    [BrokerFact]
    public async Task A_full_queue_holds_back_acknowledgements_until_the_learner_drains_it_and_nothing_is_lost()
    {
        await using var bed = await TransitionQueueBed.CreateAsync("backpressure");
        var counters = new PublishCounters();
        var publisher = Sys.ActorOf(Props.Create(() => new TransitionPublisher(bed.Confirms, "test-node", counters, bed.Token)));
        var (ackTo, acks) = Tally.Start(Sys);
        var total = ClusterTopology.TransitionQueueMaxBatches + 40;
        for (var i = 0; i < total; i++)
        {
            var batch = TransitionBatch.Allocate(i, 4, 2) with { Count = 4 };
            batch.Discounts.AsSpan().Fill(0.99f);
            publisher.Tell(new InsertBatch(batch, ackTo));
        }

        // The queue takes its bound and refuses the rest: those wait, retried, unacknowledged.
        await bed.WaitUntilAsync(() => acks.Count >= ClusterTopology.TransitionQueueMaxBatches && counters.Retries > 0);
        Assert.Equal((uint)ClusterTopology.TransitionQueueMaxBatches, (await bed.Setup.QueueDeclarePassiveAsync(ClusterTopology.TransitionQueue, bed.Token)).MessageCount);
        Assert.Equal(ClusterTopology.TransitionQueueMaxBatches, acks.Count);

        // The learner drains the queue: the refused batches get in, and every one is acknowledged once.
        var drained = 0;
        while (drained < total)
        {
            if (await bed.Setup.BasicGetAsync(ClusterTopology.TransitionQueue, autoAck: true, bed.Token) is null)
            {
                await Task.Delay(20, bed.Token);
            }
            else
            {
                drained++;
            }
        }

        await bed.WaitUntilAsync(() => acks.Count >= total);
        Assert.Equal(total, acks.Count);
        Assert.Equal(0u, (await bed.Setup.QueueDeclarePassiveAsync(ClusterTopology.TransitionQueue, bed.Token)).MessageCount);
        Assert.Equal(total * 4L, counters.TransitionsSent);
    }
}
