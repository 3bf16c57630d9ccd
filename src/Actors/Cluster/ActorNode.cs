using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
using Flock.Environments;
using Flock.Learner.Dqn;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Cluster;

/// <summary>
/// An actor node: joins the learner's cluster, takes the run configuration and its actor ids from the
/// learner, and runs environment actors exactly as <c>train</c> does, with a <see cref="NodeLink"/> as
/// their replay and coordinator. When the learner goes (its run ended, it was killed, a partition made
/// the split-brain resolver take this node out), the node drops that join, builds a new actor system
/// (a downed Akka node cannot rejoin with the old one) and joins whatever learner comes up at the same
/// address, with counts from zero. Stops on cancellation (Ctrl-C, SIGTERM) or after
/// <see cref="ActorNodeOptions.MaxSeconds"/>, waiting for the learner included.
/// </summary>
public static class ActorNode
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WaitingNotice = TimeSpan.FromSeconds(5);

    public static async Task<ActorNodeSummary> RunAsync(ActorNodeOptions options, TextWriter log, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (options.MaxSeconds is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var joins = 0;
        long lost = 0;
        Join? last = null;
        while (!stop.IsCancellationRequested)
        {
            var join = await JoinOnceAsync(options, log, stop.Token);
            if (join is null)
            {
                break;
            }

            if (join.Granted)
            {
                joins++;
                lost += join.TransitionsLost;
                last = join;
            }

            if (!stop.IsCancellationRequested)
            {
                log.WriteLine($"flockrl: {join.EndedBecause}; node {options.NodeName} joins again (the next learner at {options.Cluster.Seed})");
            }
        }

        if (joins == 0 && !cancellation.IsCancellationRequested && options.MaxSeconds is { } limit)
        {
            log.WriteLine($"flockrl: node {options.NodeName} found no learner at {options.Cluster.Seed} within --max-seconds {limit}");
        }

        return new ActorNodeSummary(options.NodeName, joins, last?.Actors ?? 0, last?.ActorIds ?? [], last?.TransitionsSent ?? 0, lost, last?.EnvSteps ?? 0, last?.WeightsVersion ?? 0, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One join: a fresh actor system, the handshake, the actors, until the learner goes or the node stops. Null when stopped before being granted.</summary>
    private static async Task<Join?> JoinOnceAsync(ActorNodeOptions options, TextWriter log, CancellationToken stop)
    {
        var system = options.Cluster.CreateSystem(log);
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            if (!await WaitWithNoticesAsync(up.Task, stop, log,
                    $"flockrl: node {options.NodeName} waiting to join the learner at {options.Cluster.Seed} (is `{CommandName.Invoked} learner --listen {options.Cluster.Seed}` running and reachable? retrying)"))
            {
                return null;
            }

            var signals = new NodeLinkSignals();
            var watch = new SwapInWatchHolder();
            var hello = new Hello(options.NodeName, WireProtocol.Version, options.Actors ?? 0, options.EnvsPerActor ?? 0);
            var learner = options.Cluster.SeedAddress;
            // Until the run's configuration arrives with the grant, heartbeats go at the default interval.
            var heartbeat = TimeSpan.FromSeconds(new RunConfig().HeartbeatIntervalSeconds);
            var link = system.ActorOf(Props.Create(() => new NodeLink(options.NodeName, hello, learner, heartbeat, signals, watch.Delivered)), "link");
            if (!await WaitWithNoticesAsync(signals.Granted.Task, stop, log,
                    $"flockrl: node {options.NodeName} is in the cluster and waiting for the learner's answer (its run may still be starting; a learner of another Flock version cannot read this node's hello and logs that once: run the same version on every node)"))
            {
                return null;
            }

            if (!signals.Granted.Task.IsCompletedSuccessfully && signals.Granted.Task.Exception?.InnerException is not JoinRefusedException)
            {
                // The system went down (the cluster took this node out) before the learner answered: join again.
                return new Join("the cluster took this node out before the learner answered", Granted: false, 0, [], 0, 0, 0, 0);
            }

            var grant = await signals.Granted.Task;
            return await RunGrantedAsync(options, grant, system, link, signals, watch, log, stop);
        }
        finally
        {
            await LeaveAsync(system);
        }
    }

    private static async Task<Join> RunGrantedAsync(ActorNodeOptions options, NodeGrant grant, ActorSystem system, IActorRef link, NodeLinkSignals signals, SwapInWatchHolder watch, TextWriter log, CancellationToken stop)
    {
        var config = NodeConfig(grant.ConfigJson, options);
        if (grant.ActorIds.Count != config.Actors)
        {
            throw new JoinRefusedException($"the learner granted {grant.ActorIds.Count} actor ids for {config.Actors} actors");
        }

        // Spans carry this node's name, and go to the learner's OTLP collector when it has one, so a trace
        // follows a batch from this node's actor to its insert on the learner. The learner's trace file is a
        // path on its own machine: not written here.
        FlockSpans.Node = options.NodeName;
        using var telemetry = TelemetrySession.Start(config with { TraceFile = null }, "flock-actors");
        var environment = Environment(config, options);
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);

        // Until the learner's weights arrive, act with a network initialised as the learner's is.
        var initialWeights = LearnerConfiguration.InitialWeights(config, network);
        log.WriteLine($"flockrl: node {options.NodeName} joined run {grant.RunId}: {config.Env}, {config.Actors} actors × {config.EnvsPerActor} envs, actor ids {ActorSlots.Format(grant.ActorIds)}");

        var node = RunActors.Start(system, "node", ownsSystem: true);
        var counters = new List<EnvironmentActorCounters>();
        var actors = new List<IActorRef>();
        var nodeSalt = (ulong)StableHash(options.NodeName);
        for (var i = 0; i < config.Actors; i++)
        {
            var id = grant.ActorIds[i];
            var setup = new EnvironmentActorSetup(
                id, ActorSlots.SlotSpace, environment, config.EnvsPerActor, Seeding.ForIndex((ulong)config.Seed ^ nodeSalt, id), network, initialWeights,
                LearnerConfiguration.NStep(config), LearnerConfiguration.Exploration(config), config.SendBatchSize, config.InitialPriority,
                LocalRun.MaxBatchesInFlight, TimeSpan.FromSeconds(config.MetricsIntervalSeconds));
            var counter = new EnvironmentActorCounters();
            counters.Add(counter);
            actors.Add(await LocalRun.SpawnEnvironmentActorAsync(node, $"env-{id}", setup, counter, link, link));
        }

        using var watching = new CancellationTokenSource();
        var watcher = options.OnWeightsSwappedIn is { } report ? watch.Start(counters, report, watching.Token) : Task.CompletedTask;
        link.Tell(new NodeActorsReady(actors, counters, TimeSpan.FromSeconds(config.HeartbeatIntervalSeconds)));

        // Ctrl-C, SIGTERM, --max-seconds, the learner gone, this node downed, or failed actors. Actors that stop
        // because the node is stopping or its system is shutting down (downed by the split-brain resolver)
        // look like failed ones to the run's parent: only a failure with none of those going on is one.
        var stopped = Task.Delay(Timeout.Infinite, stop);
        var first = await Task.WhenAny(stopped, signals.LearnerLost.Task, system.WhenTerminated, node.Failure);
        var shuttingDown = CoordinatedShutdown.Get(system).ShutdownReason is not null || system.WhenTerminated.IsCompleted;
        var failed = first == node.Failure && !stop.IsCancellationRequested && !shuttingDown && !signals.LearnerLost.Task.IsCompleted;
        var endedBecause = signals.LearnerLost.Task.IsCompletedSuccessfully ? await signals.LearnerLost.Task
            : shuttingDown ? "the cluster took this node out (the learner was unreachable for too long)"
            : "stopped";

        var inFlight = counters.Sum(c => (long)Volatile.Read(ref c.BatchesInFlight)) * config.SendBatchSize;
        if (!shuttingDown)
        {
            await node.StopAllAsync(StopTimeout);
        }

        await watching.CancelAsync();
        await watcher;
        if (failed)
        {
            var failure = await node.Failure;
            throw new InvalidOperationException($"this node's actors failed: {failure.Message}", failure);
        }

        // At most once: what was in flight when the learner went is gone, and counted.
        if (!stop.IsCancellationRequested && inFlight > 0)
        {
            Shared.Telemetry.MessageLoss.Dropped(Shared.Telemetry.MessageLoss.Sites.Gateway, Shared.Telemetry.MessageLoss.Reasons.Stopping, inFlight);
            log.WriteLine($"flockrl: about {inFlight:N0} transitions were in flight, unacknowledged, when the learner went; they are lost (delivery is at most once)");
        }

        return new Join(endedBecause, Granted: true, config.Actors, grant.ActorIds, signals.TransitionsSent, stop.IsCancellationRequested ? 0 : inFlight, counters.Sum(c => Volatile.Read(ref c.EnvSteps)),
            counters.Count == 0 ? 0 : counters.Min(c => Volatile.Read(ref c.WeightsVersion)));
    }

    /// <summary>Waits for <paramref name="task"/>, saying <paramref name="notice"/> every few seconds; false when stopped first.</summary>
    private static async Task<bool> WaitWithNoticesAsync(Task task, CancellationToken stop, TextWriter log, string notice)
    {
        var waited = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            try
            {
                await task.WaitAsync(WaitingNotice, stop);
            }
            catch (TimeoutException)
            {
                waited += WaitingNotice;
                log.WriteLine($"{notice} ({waited.TotalSeconds:0} s)");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception) when (task.IsFaulted || task.IsCanceled)
            {
                break;
            }
        }

        return !stop.IsCancellationRequested || task.IsCompletedSuccessfully;
    }

    /// <summary>Leaves the cluster in order when still in it (the learner then sees the node go at once), then ends the system.</summary>
    private static async Task LeaveAsync(ActorSystem system)
    {
        if (!system.WhenTerminated.IsCompleted)
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }

        await system.WhenTerminated.WaitAsync(StopTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        system.Dispose();
    }

    /// <summary>
    /// The learner's configuration with this node's own --actors and --envs-per-actor, and only this node's
    /// own --env-assembly: a node never loads a path the learner names.
    /// </summary>
    private static RunConfig NodeConfig(string json, ActorNodeOptions options)
    {
        var errors = new List<ConfigError>();
        var config = RunConfigLoader.ApplyJson(new RunConfig(), json, "the learner's configuration", errors);
        config = config with { Actors = options.Actors ?? config.Actors, EnvsPerActor = options.EnvsPerActor ?? config.EnvsPerActor, EnvAssembly = [.. options.EnvAssemblies] };
        errors.AddRange(RunConfigValidator.Validate(config));
        return errors.Count == 0 ? config : throw new ConfigurationException(errors);
    }

    private static EnvRegistration Environment(RunConfig config, ActorNodeOptions options)
    {
        var registry = Cli.EnvironmentCatalog.Create(config.EnvAssembly);
        return registry.TryGet(config.Env, out var registration)
            ? registration
            : throw new JoinRefusedException($"the learner trains {config.Env}, which this node does not know (registered here: {string.Join(", ", registry.Ids)}); a node loads only the assemblies on its own command line: start it with --env-assembly PATH.dll"
                + (options.EnvAssemblies.Count == 0 ? "" : $" (it has {string.Join(", ", options.EnvAssemblies)})"));
    }

    /// <summary>FNV-1a of the node name: a per-node seed salt that is the same in every process.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>How one join ended; <paramref name="Granted"/> false when the learner never answered it.</summary>
    private sealed record Join(string EndedBecause, bool Granted, int Actors, IReadOnlyList<int> ActorIds, long TransitionsSent, long TransitionsLost, long EnvSteps, long WeightsVersion);

    /// <summary>The swap-in watch of a join, made once the actors exist; the link reports deliveries to it before that too.</summary>
    private sealed class SwapInWatchHolder
    {
        private SwapInWatch? _watch;

        public void Delivered(WeightSnapshot snapshot) => Volatile.Read(ref _watch)?.Delivered(snapshot);

        public Task Start(IReadOnlyList<EnvironmentActorCounters> counters, Action<long, long, long> report, CancellationToken stopping)
        {
            var watch = new SwapInWatch(counters, report);
            Volatile.Write(ref _watch, watch);
            return watch.RunAsync(stopping);
        }
    }
}
