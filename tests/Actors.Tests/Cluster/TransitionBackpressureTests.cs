using Flock.Actors.Roles;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Cluster.Support;
using Flock.Actors.Transport;
using Flock.Shared.Messages;
using RabbitMQ.Client;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The actor-node side of the transition queue against a real broker: confirms, refusal when full, retries, no loss.</summary>
[Collection(BrokerCollection.Name)]
public sealed class TransitionBackpressureTests
{
    [BrokerFact]
    public async Task A_full_queue_holds_back_acknowledgements_until_the_learner_drains_it_and_nothing_is_lost()
    {
        var vhost = await TestBroker.CreateVirtualHostAsync("backpressure");
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await using var connection = await BrokerConnector.ConnectAsync(TestBroker.Url(vhost), "test", TextWriter.Null, cts.Token);
            await using var setup = await connection.CreateChannelAsync(cancellationToken: cts.Token);
            await ClusterTopology.DeclareSharedAsync(setup, cts.Token);
            await using var confirms = await connection.CreateChannelAsync(
                TransitionPublisher.ChannelOptions, cts.Token);

            var counters = new PublishCounters();
            var publisher = new TransitionPublisher(confirms, "test-node", counters, cts.Token);
            var acks = new TestProbe<InsertAcknowledged>();
            var total = ClusterTopology.TransitionQueueMaxBatches + 40;
            for (var i = 0; i < total; i++)
            {
                var batch = TransitionBatch.Allocate(i, 4, 2) with { Count = 4 };
                batch.Discounts.AsSpan().Fill(0.99f);
                Assert.True(publisher.Tell(new InsertBatch(batch, acks)));
            }

            // The queue takes its bound and refuses the rest: those wait, retried, unacknowledged.
            await WaitUntilAsync(() => acks.Pending >= ClusterTopology.TransitionQueueMaxBatches && counters.Retries > 0, cts.Token);
            Assert.Equal((uint)ClusterTopology.TransitionQueueMaxBatches, (await setup.QueueDeclarePassiveAsync(ClusterTopology.TransitionQueue, cts.Token)).MessageCount);
            Assert.Equal(ClusterTopology.TransitionQueueMaxBatches, acks.Pending);

            // The learner drains the queue: the refused batches get in, and every one is acknowledged once.
            var drained = 0;
            while (drained < total)
            {
                if (await setup.BasicGetAsync(ClusterTopology.TransitionQueue, autoAck: true, cts.Token) is null)
                {
                    await Task.Delay(20, cts.Token);
                }
                else
                {
                    drained++;
                }
            }

            await WaitUntilAsync(() => acks.Pending >= total, cts.Token);
            Assert.Equal(total, acks.Pending);
            Assert.Equal(0u, (await setup.QueueDeclarePassiveAsync(ClusterTopology.TransitionQueue, cts.Token)).MessageCount);
            Assert.Equal(total * 4L, counters.TransitionsSent);
        }
        finally
        {
            await TestBroker.DeleteVirtualHostAsync(vhost);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellation)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellation);
        }
    }
}
