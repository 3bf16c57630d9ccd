using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Cli;
using Flock.Actors.Cluster;
using Flock.Actors.Hosting;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Actors.Transport;
using Flock.Environments;
using Flock.Learner.Dqn;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;
using RabbitMQ.Client;

namespace Flock.Actors.Bench;

/// <summary>
/// Cluster transport through a real broker: two actor nodes by default (in this process, each with its own AMQP
/// connection, exactly as <c>flockrl actors</c> runs them) step CartPole and publish transition batches with
/// confirms; the learner node's transition consumer decodes them and hands them to a replay that counts and
/// acknowledges at once (no training, so the figure is the transport's, not the learner's). Meanwhile the
/// learner side broadcasts a weight snapshot every 50 ms.
/// <c>transitions_per_second</c>: transitions decoded at the learner node per second, end to end.
/// <c>broadcast_p50_ms</c>/<c>broadcast_p99_ms</c>: from the learner's publish to every actor of a node acting
/// with the snapshot (swapped in between two slices of stepping), seen to within about a millisecond;
/// <c>delivery_p50_ms</c>/<c>delivery_p99_ms</c>: to the decoded snapshot reaching the actors' mailboxes.
/// </summary>
public static class ClusterBench
{
    /// <summary>Two nodes, as the aim is stated; fewer show what a machine with fewer cores than busy threads costs the tail.</summary>
    public const int DefaultNodes = 2;

    public const int MaxNodes = 16;

    private const int ActorsPerNode = 1;
    private const int EnvsPerActor = 256;
    private const int SendBatchSize = 2048;
    private static readonly TimeSpan BroadcastEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchOptions options)
    {
        var url = BrokerOption.Resolve(options.Broker);
        using var cts = new CancellationTokenSource();
        var config = new RunConfig
        {
            Actors = ActorsPerNode,
            EnvsPerActor = EnvsPerActor,
            SendBatchSize = SendBatchSize,

            // The replay's max priority: the bench measures moving transitions, not the actors' priority passes.
            InitialPriority = InitialPriorityKind.Max,
            HeartbeatIntervalSeconds = 0.5,
        };
        var environment = EnvRegistry.CreateWithBuiltIns().Get(config.Env);
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);
        var weights = LearnerConfiguration.CreateLearner(config, network).Snapshot();

        await PurgeAsync(url, cts.Token);
        using var system = FlockActorSystem.Create("bench-learner", options.Progress);
        var actors = RunActors.Start(system, "bench", ownsSystem: true);
        var inserted = new CountingReplay.Counter();
        var replay = await actors.SpawnAsync("replay", ReplayActor.Role, Props.Create(() => new CountingReplay(inserted)).WithDispatcher(FlockActorSystem.DedicatedDispatcher), RoleSupervision.StopsTheRun);
        var coordinator = await actors.SpawnAsync("coordinator", CoordinatorActor.Role, Props.Create(() => new IgnoringCoordinator()), RoleSupervision.StopsTheRun);
        var subscribers = new List<IActorRef>();
        var wiring = new RunWiring(actors, config, environment, network, weights, replay, coordinator, subscribers, TimeSpan.FromSeconds(1), options.Progress, StepBudget: null);
        var attached = await ClusterLearner.AttachAsync(wiring, url, cts.Token);

        var latencies = new List<(double Delivered, double SwappedIn)>();
        var measuring = false;
        void OnSwappedIn(long version, TimeSpan delivered, TimeSpan swappedIn)
        {
            if (Volatile.Read(ref measuring))
            {
                lock (latencies)
                {
                    latencies.Add((delivered.TotalMilliseconds, swappedIn.TotalMilliseconds));
                }
            }
        }

        var nodes = Enumerable.Range(0, options.Nodes)
            .Select(i => Task.Run(() => ActorNode.RunAsync(new ActorNodeOptions(url, $"bench-{i}", ActorsPerNode, EnvsPerActor, OnWeightsSwappedIn: OnSwappedIn), TextWriter.Null, cts.Token)))
            .ToList();
        var broadcaster = subscribers.Single(s => s.Path.Name == ClusterLearner.WeightsPublisherName);
        var version = 0L;
        var clock = Stopwatch.StartNew();
        while (inserted.Transitions == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        await Task.Delay(WarmUp);
        options.Progress.WriteLine("bench cluster: measuring");
        Volatile.Write(ref measuring, true);
        var start = inserted.Transitions;
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < options.Seconds)
        {
            broadcaster.Tell(new WeightsArrived(weights with { Version = ++version }));
            await Task.Delay(BroadcastEvery);
        }

        var transitions = inserted.Transitions - start;
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref measuring, false);

        await cts.CancelAsync();
        var summaries = new List<ActorNodeSummary>();
        foreach (var node in nodes)
        {
            summaries.Add(await node);
        }

        await attached.DisposeAsync();
        await actors.StopAllAsync(TimeSpan.FromSeconds(10));
        await system.Terminate();
        double[] sorted, delivery;
        lock (latencies)
        {
            sorted = [.. latencies.Select(l => l.SwappedIn).Order()];
            delivery = [.. latencies.Select(l => l.Delivered).Order()];
        }

        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["transitions_per_second"] = transitions / seconds,
            ["broadcast_p50_ms"] = Percentile(sorted, 0.50),
            ["broadcast_p99_ms"] = Percentile(sorted, 0.99),
            ["broadcasts_measured"] = (double)sorted.Length,
            ["delivery_p50_ms"] = Percentile(delivery, 0.50),
            ["delivery_p99_ms"] = Percentile(delivery, 0.99),
            ["nodes"] = options.Nodes,
            ["actors_per_node"] = ActorsPerNode,
            ["envs_per_actor"] = EnvsPerActor,
            ["send_batch_size"] = SendBatchSize,
            ["publish_retries"] = (double)summaries.Sum(s => s.PublishRetries),
        };
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>Starts from an empty transition queue, so batches of an earlier run in this virtual host do not count.</summary>
    private static async Task PurgeAsync(string url, CancellationToken cancellation)
    {
        using var connection = await BrokerConnector.ConnectAsync(url, "flock-bench", TextWriter.Null, cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        await ClusterTopology.DeclareSharedAsync(channel, cancellation);
        await channel.QueuePurgeAsync(ClusterTopology.TransitionQueue, cancellation);
        await connection.CloseAsync();
    }

    /// <summary>A replay that only counts and acknowledges, so the bench measures the transport.</summary>
    private sealed class CountingReplay : ReceiveActor
    {
        public CountingReplay(Counter counter) => Receive<InsertBatch>(insert =>
        {
            counter.Add(insert.Batch.Count);
            insert.AckTo?.Tell(InsertAcknowledged.Instance);
        });

        public sealed class Counter
        {
            private long _count;

            public long Transitions => Interlocked.Read(ref _count);

            public void Add(int transitions) => Interlocked.Add(ref _count, transitions);
        }
    }

    private sealed class IgnoringCoordinator : UntypedActor
    {
        protected override void OnReceive(object message)
        {
        }
    }
}
