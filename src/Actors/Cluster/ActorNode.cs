using System.Diagnostics;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Runtime;
using Flock.Actors.Telemetry;
using Flock.Actors.Transport;
using Flock.Environments;
using Flock.Learner.Dqn;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using RabbitMQ.Client;

namespace Flock.Actors.Cluster;

/// <summary>
/// An actor node: joins the run through the broker, takes the configuration and its actor ids from the
/// learner, and runs environment actors exactly as <c>train</c> does, except that their replay and
/// coordinator refs publish to the broker and their weights arrive from the weights fanout. Heartbeats
/// tell the learner it is alive, how much it has sent and which weights version its actors act with.
/// Stops on cancellation (Ctrl-C, SIGTERM) or after <see cref="ActorNodeOptions.MaxSeconds"/>.
/// </summary>
public static class ActorNode
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<ActorNodeSummary> RunAsync(ActorNodeOptions options, TextWriter log, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var connection = await BrokerConnector.ConnectAsync(options.BrokerUrl, $"flock-actors@{options.NodeName}", log, cancellation);

        // Weights come in on a connection of their own, so a snapshot never queues behind the node's
        // outgoing flood of transition batches. The node's exclusive queues belong to that connection.
        using var inbound = await BrokerConnector.ConnectAsync(options.BrokerUrl, $"flock-actors@{options.NodeName}/inbound", TextWriter.Null, cancellation);
        await using var controlChannel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        await ClusterTopology.DeclareSharedAsync(controlChannel, cancellation);
        await using var inboxChannel = await inbound.CreateChannelAsync(cancellationToken: cancellation);
        var (inbox, weightsQueue) = await ClusterTopology.DeclareNodeQueuesAsync(inboxChannel, cancellation);
        await using var sender = new ControlSender(controlChannel, log);

        var requestedActors = options.Actors ?? 0;
        var hello = new Hello(options.NodeName, WireProtocol.Version, requestedActors, options.EnvsPerActor ?? 0);
        var grant = await NodeJoin.JoinAsync(inboxChannel, sender, hello, inbox, weightsQueue, log, cancellation);
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

        var environment = EnvironmentCatalog(config);
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Size, environment.ActionSpace.N);

        // Until the learner's weights arrive, act with a network initialised as the learner's is.
        var initialWeights = LearnerConfiguration.CreateLearner(config, network).Snapshot();
        log.WriteLine($"flockrl: node {options.NodeName} joined: {config.Env}, {config.Actors} actors × {config.EnvsPerActor} envs, actor ids {AmqpHeaders.FormatIds(grant.ActorIds)}");

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var counters = new PublishCounters();
        var actorCounters = new List<EnvironmentActorCounters>();
        var actors = new List<IActorRef<WeightsArrived>>();
        var publishChannels = new List<IChannel>();
        var garbage = new GarbageLog(log);
        await using var system = new ActorSystem($"flock-node-{options.NodeName}", new ActorSystemOptions { Log = new TextWriterActorLog(log) });
        var stats = new StatsPublisher(sender, options.NodeName);
        var nodeSalt = (ulong)StableHash(options.NodeName);
        for (var i = 0; i < config.Actors; i++)
        {
            var id = grant.ActorIds[i];

            // One confirm channel per actor: publishes of different actors then never wait on each other's confirms.
            var channel = await connection.CreateChannelAsync(
                TransitionPublisher.ChannelOptions,
                cancellation);
            publishChannels.Add(channel);
            var setup = new EnvironmentActorSetup(
                id, ActorSlots.SlotSpace, environment, config.EnvsPerActor, Seeding.ForIndex((ulong)config.Seed ^ nodeSalt, id), network, initialWeights,
                LearnerConfiguration.NStep(config), LearnerConfiguration.Exploration(config), config.SendBatchSize, config.InitialPriority,
                LocalRun.MaxBatchesInFlight, TimeSpan.FromSeconds(config.MetricsIntervalSeconds));
            var actorCounter = new EnvironmentActorCounters();
            actorCounters.Add(actorCounter);
            actors.Add(LocalRun.SpawnEnvironmentActor(system.Root, $"env-{id}", setup, actorCounter, new TransitionPublisher(channel, options.NodeName, counters, stopping.Token), stats));
        }

        var weightsChannel = await inbound.CreateChannelAsync(cancellationToken: cancellation);
        var watch = options.OnWeightsSwappedIn is { } onSwappedIn ? new SwapInWatch(actorCounters, onSwappedIn) : null;
        var watching = watch?.RunAsync(stopping.Token) ?? Task.CompletedTask;
        var subscription = new WeightsSubscription(weightsChannel, actors, initialWeights.Weights.Length, garbage, watch is null ? null : watch.Delivered);
        await subscription.StartAsync(weightsQueue, cancellation);

        long WeightsVersion() => actorCounters.Count == 0 ? 0 : actorCounters.Min(c => c.WeightsVersion);
        var heartbeat = RunHeartbeatsAsync(sender, options.NodeName, grant.ActorIds, counters, WeightsVersion, TimeSpan.FromSeconds(config.HeartbeatIntervalSeconds), stopping.Token);
        // Ctrl-C, SIGTERM, --max-seconds or failed actors: leave the run in order below (WhenAny never throws).
        var limit = options.MaxSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        await Task.WhenAny(Task.Delay(limit, cancellation), system.Completion);

        // Leave in order: no new weights, no more publishing (the actors stop with it), then the actors.
        await weightsChannel.DisposeAsync();
        await stopping.CancelAsync();
        await heartbeat;
        await watching;
        await system.StopAsync(StopTimeout);
        foreach (var channel in publishChannels)
        {
            await channel.DisposeAsync();
        }

        var summary = new ActorNodeSummary(options.NodeName, config.Actors, grant.ActorIds, counters.TransitionsSent, counters.Retries,
            actorCounters.Sum(c => c.EnvSteps), WeightsVersion(), clock.Elapsed.TotalSeconds);
        try
        {
            await inbound.CloseAsync(TimeSpan.FromSeconds(2));
            await connection.CloseAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The broker may be gone; the exclusive queues go with the connection anyway.
        }

        // Actors that gave up (restart budget spent) are a failure of this node, not a normal leave: exit 1.
        if (system.Completion.IsFaulted)
        {
            throw new InvalidOperationException($"this node's actors failed: {system.Completion.Exception?.InnerException?.Message}", system.Completion.Exception?.InnerException);
        }

        return summary;
    }

    /// <summary>The learner's configuration with this node's own --actors and --envs-per-actor.</summary>
    private static RunConfig NodeConfig(string json, ActorNodeOptions options)
    {
        var errors = new List<ConfigError>();
        var config = RunConfigLoader.ApplyJson(new RunConfig(), json, "the learner's configuration", errors);
        config = config with { Actors = options.Actors ?? config.Actors, EnvsPerActor = options.EnvsPerActor ?? config.EnvsPerActor, Broker = null };
        errors.AddRange(RunConfigValidator.Validate(config));
        return errors.Count == 0 ? config : throw new ConfigurationException(errors);
    }

    private static EnvRegistration EnvironmentCatalog(RunConfig config)
    {
        var registry = Cli.EnvironmentCatalog.Create(config.EnvAssembly);
        return registry.TryGet(config.Env, out var registration)
            ? registration
            : throw new JoinRefusedException($"the learner trains {config.Env}, which this node does not know (registered: {string.Join(", ", registry.Ids)}; add it with the same --env-assembly)");
    }

    private static async Task RunHeartbeatsAsync(ControlSender sender, string nodeId, IReadOnlyList<int> actorIds, PublishCounters counters, Func<long> weightsVersion, TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        var ids = AmqpHeaders.FormatIds(actorIds);
        try
        {
            do
            {
                var beat = new Heartbeat(nodeId, WireProtocol.Version, actorIds.Count, counters.TransitionsSent, weightsVersion(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                var (body, length) = WireBodies.Encode(beat);
                var properties = new BasicProperties
                {
                    AppId = nodeId,
                    Headers = new Dictionary<string, object?> { [AmqpHeaders.ActorIds] = ids, [AmqpHeaders.PublishRetries] = counters.Retries },
                };
                sender.Send(new OutgoingMessage("", ClusterTopology.ControlQueue, body, length, properties, PooledBody: true));
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException)
        {
            // The node is leaving.
        }
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
}
