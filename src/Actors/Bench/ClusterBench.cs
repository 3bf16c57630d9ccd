using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Flock.Actors.Cli;
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
/// Cluster transport on Akka.Cluster over loopback TCP: a learner node in this process and two actor nodes by
/// default, each a <c>flockrl actors</c> process of its own, as a user runs them. The nodes step
/// CartPole and send transition batches through the learner's gateway (validated, as in a run) to a replay
/// that counts and acknowledges at once (no training: the figure is the transport's, not the learner's).
/// Meanwhile the learner broadcasts a weight snapshot every 50 ms, in chunks.
/// <c>transitions_per_second</c>: transitions reaching the learner's replay per second, end to end.
/// <c>broadcast_p50_ms</c>/<c>broadcast_p99_ms</c>: from the gateway being handed the snapshot to every actor
/// of a node acting with it (swapped in between two slices of stepping), seen to within about a millisecond
/// (the nodes print their swap-ins with Stopwatch timestamps, the monotonic clock all processes here share);
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
    // A fresh node process first runs the JIT's instrumented tier-0 code (TieredPGO): after 2 s the nodes sent
    // 0.6-1.2 M/s, after 10 s 3.4-4.2 M/s. The figure is the steady state a long run sees.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchOptions options)
    {
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
        var weights = LearnerConfiguration.InitialWeights(config, network);

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

        var nodes = Enumerable.Range(0, options.Nodes).Select(i => NodeProcess.Start(seed, $"bench-{i}", ActorsPerNode, EnvsPerActor, OnSwappedIn)).ToList();
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

        var lost = 0.0;
        foreach (var node in nodes)
        {
            lost += await node.StopAsync();
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
            ["transitions_lost"] = lost,
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

    /// <summary>A <c>flockrl actors</c> process of the bench, its swap-in lines read as they come.</summary>
    private sealed class NodeProcess
    {
        private readonly Process _process;

        private NodeProcess(Process process) => _process = process;

        public static NodeProcess Start(ClusterEndpoint seed, string name, int actors, int envsPerActor, Action<long, long, long> onSwappedIn)
        {
            // The program itself: the apphost when run through it, else `dotnet flockrl.dll`.
            var self = Environment.ProcessPath ?? "dotnet";
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(typeof(ClusterBench).Assembly.Location);
            }

            foreach (var arg in new[] { "actors", "--join", seed.ToString(), "--node-name", name, "--actors", actors.ToString(CultureInfo.InvariantCulture), "--envs-per-actor", envsPerActor.ToString(CultureInfo.InvariantCulture), "--json" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment[ActorsCommand.SwapInLogVariable] = "1";
            var process = new Process { StartInfo = start };
            var node = new NodeProcess(process);
            process.OutputDataReceived += (_, e) => node.OnLine(e.Data, onSwappedIn);
            process.ErrorDataReceived += (_, _) => { };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return node;
        }

        /// <summary>The node's --json line, once it has left.</summary>
        public string? Summary { get; private set; }

        /// <summary>SIGTERM, as a user stops a node; returns the transitions it lost in flight.</summary>
        public async Task<double> StopAsync()
        {
            if (!_process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill!.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
            return Summary is { } json && JsonDocument.Parse(json).RootElement.TryGetProperty("transitions_lost", out var lost) ? lost.GetDouble() : 0;
        }

        private void OnLine(string? line, Action<long, long, long> onSwappedIn)
        {
            if (line is null)
            {
                return;
            }

            var parts = line.Split(' ');
            if (parts.Length == 4 && parts[0] == ActorsCommand.SwapInLine
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var version)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var delivered)
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var swappedIn))
            {
                onSwappedIn(version, delivered, swappedIn);
            }
            else if (line.StartsWith('{'))
            {
                Summary = line;
            }
        }
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
