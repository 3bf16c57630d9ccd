using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// The queues and exchanges of a Flock cluster, declared the same way by every node (a declaration with
/// other arguments would be refused by the broker). One broker virtual host holds one run.
/// <list type="bullet">
/// <item><see cref="TransitionQueue"/>: every node's transition batches, consumed by the learner's replay;
/// bounded, and a full queue refuses publishes (the node's confirm becomes a nack) so actors slow down
/// instead of data being dropped. Durable, and the batches persistent, so a broker restart loses none.</item>
/// <item><see cref="ControlQueue"/>: hellos, heartbeats and actor statistics from the nodes to the learner.</item>
/// <item><see cref="WeightsExchange"/>: fanout of weight snapshots; each node binds its own exclusive queue
/// that keeps only the newest one.</item>
/// <item><see cref="DeadLetterQueue"/>: messages the learner could not decode, kept for inspection.</item>
/// </list>
/// </summary>
public static class ClusterTopology
{
    public const string TransitionQueue = "flock.transitions";
    public const string ControlQueue = "flock.control";
    public const string WeightsExchange = "flock.weights";
    public const string DeadLetterExchange = "flock.dead-letter";
    public const string DeadLetterQueue = "flock.dead-letters";

    /// <summary>
    /// Batches the transition queue holds before it refuses publishes. A few hundred batches absorb a learner
    /// pause of a second or so without ever holding more than tens of megabytes.
    /// </summary>
    public const int TransitionQueueMaxBatches = 512;

    private const int ControlQueueMaxMessages = 10_000;
    private const int DeadLetterQueueMaxMessages = 10_000;

    /// <summary>Declares the shared queues and exchanges; idempotent, so every node calls it on start.</summary>
    public static async Task DeclareSharedAsync(IChannel channel, CancellationToken cancellation)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellation);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = DeadLetterQueueMaxMessages }, cancellationToken: cancellation);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, "", cancellationToken: cancellation);

        await channel.QueueDeclareAsync(TransitionQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-max-length"] = TransitionQueueMaxBatches,
            ["x-overflow"] = "reject-publish",
            ["x-dead-letter-exchange"] = DeadLetterExchange,
        }, cancellationToken: cancellation);

        await channel.QueueDeclareAsync(ControlQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-max-length"] = ControlQueueMaxMessages,
            ["x-dead-letter-exchange"] = DeadLetterExchange,
        }, cancellationToken: cancellation);

        await channel.ExchangeDeclareAsync(WeightsExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellation);
    }

    /// <summary>
    /// A node's private queues: its inbox (replies to its hello) and its weights queue bound to the fanout,
    /// which keeps only the newest snapshot (x-max-length 1 drops the older one at the head). Both are
    /// exclusive: they vanish with the node's connection, so a killed node leaves nothing behind.
    /// </summary>
    public static async Task<(string Inbox, string Weights)> DeclareNodeQueuesAsync(IChannel channel, CancellationToken cancellation)
    {
        var inbox = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellation);
        var weights = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 1 }, cancellationToken: cancellation);
        await channel.QueueBindAsync(weights.QueueName, WeightsExchange, "", cancellationToken: cancellation);
        return (inbox.QueueName, weights.QueueName);
    }
}
