using Flock.Actors.Roles;
using Flock.Actors.Tests.Cluster.Support;
using Flock.Actors.Tests.Support;
using Flock.Actors.Tests.Telemetry;
using Flock.Actors.Transport;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;
using Flock.Shared.Wire;
using RabbitMQ.Client;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The learner's weights broadcaster and transition consumer against a real broker, each alone.</summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerEndpointTests : FlockTestKit, IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private string _vhost = "";
    private IConnection _connection = null!;
    private IChannel _setup = null!;

    public async Task InitializeAsync()
    {
        _vhost = await TestBroker.CreateVirtualHostAsync("endpoints");
        _connection = await BrokerConnector.ConnectAsync(TestBroker.Url(_vhost), "test", TextWriter.Null, _timeout.Token);
        _setup = await _connection.CreateChannelAsync(cancellationToken: _timeout.Token);
        await ClusterTopology.DeclareSharedAsync(_setup, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _setup.DisposeAsync();
        await _connection.CloseAsync();
        _connection.Dispose();
        await TestBroker.DeleteVirtualHostAsync(_vhost);
        _timeout.Dispose();
    }

    [BrokerFact]
    public async Task The_weights_broadcast_sends_only_ever_newer_snapshots_ends_with_the_newest_and_hands_it_to_joiners()
    {
        var listener = (await _setup.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: _timeout.Token)).QueueName;
        await _setup.QueueBindAsync(listener, ClusterTopology.WeightsExchange, "", cancellationToken: _timeout.Token);
        var joiner = (await _setup.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: _timeout.Token)).QueueName;

        const int versions = 300;
        using var losses = new MessageLossRecorder(l => l.Site == MessageLoss.Sites.WeightsPublisher);
        var publisher = new WeightsPublisher(await _connection.CreateChannelAsync(cancellationToken: _timeout.Token), TextWriter.Null);
        await using (publisher)
        {
            for (var version = 1; version <= versions; version++)
            {
                publisher.Offer(new WeightsArrived(Snapshot(version)));
            }

            var received = new List<long>();
            while (received.Count == 0 || received[^1] != versions)
            {
                var message = await NextAsync(listener);
                Assert.NotNull(AmqpHeaders.GetLong(message.BasicProperties, AmqpHeaders.SentAtTicks));
                var snapshot = WireCodec.DecodeWeightSnapshot(message.Body.Span, WireLimits.Default);
                Assert.Equal(Snapshot(snapshot.Version).Weights, snapshot.Weights);
                received.Add(snapshot.Version);
            }

            // Superseded snapshots are skipped, never sent after a newer one, and every one is either sent or
            // counted as superseded: none goes missing unaccounted.
            Assert.Equal(received.Order(), received);
            Assert.Equal(received.Distinct().Count(), received.Count);
            Assert.Equal(versions, received.Count + losses.Total(MetricNames.MessagesDropped, MessageLoss.Sites.WeightsPublisher, MessageLoss.Reasons.Superseded));

            publisher.SendLatestTo(joiner);
            Assert.Equal(versions, WireCodec.DecodeWeightSnapshot((await NextAsync(joiner)).Body.Span, WireLimits.Default).Version);
        }
    }

    [BrokerFact]
    public async Task A_disposed_transition_consumer_is_cancelled_at_the_broker_before_its_channel_closes()
    {
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: _timeout.Token);
        var replay = CreateTestProbe();
        var consumer = new TransitionConsumer(channel, replay, new GarbageLog(TextWriter.Null), prefetch: 8);
        await consumer.StartAsync(_timeout.Token);
        var batch = TransitionBatch.Allocate(1, 4, 2) with { Count = 4 };
        batch.Discounts.AsSpan().Fill(0.99f);
        var body = new byte[WireCodec.GetEncodedLength(batch)];
        WireCodec.Encode(batch, body);
        await _setup.BasicPublishAsync("", ClusterTopology.TransitionQueue, body, _timeout.Token);
        var insert = await replay.ExpectMsgAsync<InsertBatch>();
        Assert.Equal(4, insert.Batch.Count);
        Assert.Equal(1u, (await _setup.QueueDeclarePassiveAsync(ClusterTopology.TransitionQueue, _timeout.Token)).ConsumerCount);

        await consumer.DisposeAsync();

        // The channel is still open, but nothing consumes through it any more: no delivery can reach a
        // callback whose stop token is gone.
        Assert.True(channel.IsOpen);
        Assert.Equal(0u, (await _setup.QueueDeclarePassiveAsync(ClusterTopology.TransitionQueue, _timeout.Token)).ConsumerCount);
    }

    private async Task<BasicGetResult> NextAsync(string queue)
    {
        while (true)
        {
            if (await _setup.BasicGetAsync(queue, autoAck: true, _timeout.Token) is { } message)
            {
                return message;
            }

            await Task.Delay(10, _timeout.Token);
        }
    }

    private static WeightSnapshot Snapshot(long version) => new(version, [new ParameterShape(2, 2)], [version, version + 1, version + 2, version + 3]);
}
