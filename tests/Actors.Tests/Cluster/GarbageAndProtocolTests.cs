using System.Buffers.Binary;
using System.Text;
using Flock.Actors.Tests.Cluster.Support;
using Flock.Actors.Transport;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using RabbitMQ.Client;

namespace Flock.Actors.Tests.Cluster;

/// <summary>Undecodable messages and peers of another wire protocol version, against real processes.</summary>
[Collection(BrokerCollection.Name)]
public sealed class GarbageAndProtocolTests : IAsyncLifetime
{
    private ClusterTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await ClusterTestBed.CreateAsync("garbage");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [BrokerFact]
    public async Task Garbage_goes_to_the_dead_letter_queue_is_counted_logged_once_per_source_and_never_stops_the_learner()
    {
        // The garbage goes in before any actor node joins: the transitions queue is bounded with
        // reject-publish, and a node that fills it would make the broker refuse the garbage itself.
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Broker, _bed.RunDir, 90));
        await learner.WaitForAsync("learner node ready");

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var connection = await BrokerConnector.ConnectAsync(_bed.Broker, "test", TextWriter.Null, cts.Token);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cts.Token);
        var reply = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cts.Token)).QueueName;
        var evil = new BasicProperties { AppId = "evil-node" };
        for (var i = 0; i < 3; i++)
        {
            await channel.BasicPublishAsync("", ClusterTopology.TransitionQueue, false, evil, Encoding.UTF8.GetBytes($"not a batch {i}"), cts.Token);
        }

        await channel.BasicPublishAsync("", ClusterTopology.ControlQueue, false, evil, new byte[] { 1, 2, 3 }, cts.Token);
        var futureHello = Encode(new Hello("future-node", 2, 1, 1));
        BinaryPrimitives.WriteUInt16LittleEndian(futureHello.AsSpan(4), 2);
        await channel.BasicPublishAsync("", ClusterTopology.ControlQueue, false, new BasicProperties { AppId = "future-node", ReplyTo = reply }, futureHello, cts.Token);

        // The node from the future hears why it may not join.
        BasicGetResult? refusal = null;
        while ((refusal = await channel.BasicGetAsync(reply, autoAck: true, cts.Token)) is null)
        {
            await Task.Delay(50, cts.Token);
        }

        Assert.Contains("wire protocol 1 but the node speaks 2", AmqpHeaders.GetString(refusal.BasicProperties, AmqpHeaders.Refused), StringComparison.Ordinal);
        await learner.WaitUntilAsync(() => MetricsFile.Number(MetricsFile.Last(_bed.RunDir), "garbage_messages") >= 5, "5 garbage messages counted");
        var node = _bed.Start("node a", ClusterArgs.Node(_bed.Broker, "a"));
        await learner.WaitUntilAsync(() => MetricsFile.Number(MetricsFile.Last(_bed.RunDir), "updates") > 50, "learning going on after the garbage");

        Assert.Equal(5u, (await channel.QueueDeclarePassiveAsync(ClusterTopology.DeadLetterQueue, cts.Token)).MessageCount);
        Assert.Equal(1, Count(learner.StdErr, "undecodable message from evil-node"));
        Assert.Contains("refused node future-node: this learner speaks wire protocol 1 but the node speaks 2", learner.StdErr, StringComparison.Ordinal);

        learner.Terminate();
        node.Terminate();
        Assert.Equal(0, await learner.WaitForExitAsync());
        Assert.Equal(0, await node.WaitForExitAsync());
    }

    [BrokerFact]
    public async Task A_node_refuses_a_learner_of_another_protocol_version_with_a_clear_error()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var connection = await BrokerConnector.ConnectAsync(_bed.Broker, "fake-learner", TextWriter.Null, cts.Token);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cts.Token);
        await ClusterTopology.DeclareSharedAsync(channel, cts.Token);
        var node = _bed.Start("node", ClusterArgs.Node(_bed.Broker, "n"));

        // A learner from the future answers the node's hello.
        BasicGetResult? hello = null;
        while ((hello = await channel.BasicGetAsync(ClusterTopology.ControlQueue, autoAck: true, cts.Token)) is null)
        {
            await Task.Delay(50, cts.Token);
        }

        var config = Encode(new RunConfigEnvelope("{}"));
        BinaryPrimitives.WriteUInt16LittleEndian(config.AsSpan(4), 2);
        var ids = new BasicProperties { Headers = new Dictionary<string, object?> { [AmqpHeaders.ActorIds] = "0" } };
        await channel.BasicPublishAsync("", hello.BasicProperties.ReplyTo!, false, ids, config, cts.Token);

        Assert.Equal(1, await node.WaitForExitAsync());
        Assert.Contains("the learner speaks wire protocol 2 but this node speaks 1", node.StdErr, StringComparison.Ordinal);
    }


    private static byte[] Encode(object message)
    {
        var bytes = new byte[WireCodec.GetEncodedLength(message)];
        WireCodec.Encode(message, bytes);
        return bytes;
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
