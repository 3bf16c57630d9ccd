using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Flock.Actors.Cluster;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Learner.Dqn;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;

namespace Flock.Actors.Bench;

/// <summary>
/// Cluster transport on Akka.Cluster over loopback TCP: a learner node and two actor nodes by default, each
/// an actor system of its own with its own Akka.Remote connection (in this process, so that one clock times
/// the broadcasts), exactly as <c>flockrl learner</c> and <c>flockrl actors</c> run them. The nodes step
/// CartPole and send transition batches through the learner's gateway (validated, as in a run) to a replay
/// that counts and acknowledges at once (no training: the figure is the transport's, not the learner's).
/// Meanwhile the learner broadcasts a weight snapshot every 50 ms, in chunks.
/// <c>transitions_per_second</c>: transitions reaching the learner's replay per second, end to end.
/// <c>broadcast_p50_ms</c>/<c>broadcast_p99_ms</c>: from the gateway being handed the snapshot to every actor
/// of a node acting with it (swapped in between two slices of stepping), seen to within about a millisecond;
/// <c>delivery_p50_ms</c>/<c>delivery_p99_ms</c>: to the assembled snapshot reaching the actors' mailboxes.
/// </summary>
public static class ClusterBench
{
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
        using var cts = new CancellationTokenSource();
        var config = new RunConfig
        {
            Actors = ActorsPerNode,
            EnvsPerActor = EnvsPerActor,
            SendBatchSize = SendBatchSize,

            // No per-transition TD error on the nodes: the bench measures the transport.
            InitialPriority = InitialPriorityKind.Max,
            HeartbeatIntervalSeconds = 0.5,
        };
        var environment = EnvRegistry.CreateWithBuiltIns().Get(config.Env);
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);
        var weights = LearnerConfiguration.CreateLearner(config, network).Snapshot();

        var seed = new ClusterEndpoint("127.0.0.1", FreePort());
        var learnerNode = new ClusterNodeSettings(ClusterRoles.Learner, seed, null, seed, null);
        using var system = learnerNode.CreateSystem(options.Progress);
        var actors = RunActors.Start(system, "run", ownsSystem: true);
        var inserted = new CountingReplay.Counter();
        var replay = await actors.SpawnAsync("replay", ReplayActor.Role, Props.Create(() => new CountingReplay(inserted)).WithDispatcher(Hosting.FlockActorSystem.DedicatedDispatcher), RoleSupervision.StopsTheRun);
        var coordinator = await actors.SpawnAsync("coordinator", CoordinatorActor.Role, Props.Create(() => new IgnoringCoordinator()), RoleSupervision.StopsTheRun);
        var subscribers = new List<IActorRef>();
        var wiring = new RunWiring(actors, config, environment, network, weights, replay, coordinator, subscribers, TimeSpan.FromSeconds(1), TextWriter.Null, StepBudget: null);
        await ClusterLearner.AttachAsync(wiring, learnerNode);
        var gateway = subscribers.Single(s => s.Path.Name == ClusterLearner.GatewayName);

        var published = new ConcurrentDictionary<long, long>();
        var latencies = new List<(double Delivered, double SwappedIn)>();
        var measuring = false;
        void OnSwappedIn(long version, long delivered, long swappedIn)
        {
            if (Volatile.Read(ref measuring) && published.TryGetValue(version, out var sent))
            {
                lock (latencies)
                {
                    latencies.Add((Stopwatch.GetElapsedTime(sent, delivered).TotalMilliseconds, Stopwatch.GetElapsedTime(sent, swappedIn).TotalMilliseconds));
                }
            }
        }

        var nodes = Enumerable.Range(0, options.Nodes)
            .Select(i => Task.Run(() => ActorNode.RunAsync(
                new ActorNodeOptions(new ClusterNodeSettings(ClusterRoles.Actors, new ClusterEndpoint("127.0.0.1", 0), null, seed, null), $"bench-{i}", [], ActorsPerNode, EnvsPerActor, OnWeightsSwappedIn: OnSwappedIn),
                TextWriter.Null, cts.Token)))
            .ToList();
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
            published[++version] = Stopwatch.GetTimestamp();
            gateway.Tell(new WeightsArrived(weights with { Version = version }));
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

        await actors.StopAllAsync(TimeSpan.FromSeconds(10));
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
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
            ["transitions_lost"] = (double)summaries.Sum(s => s.TransitionsLost),
        };
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>A loopback port free right now, for the learner of this bench.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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
