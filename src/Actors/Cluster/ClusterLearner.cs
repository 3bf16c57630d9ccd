using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Run;
using Flock.Actors.Transport;
using Flock.Environments;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;
using RabbitMQ.Client;

namespace Flock.Actors.Cluster;

/// <summary>
/// The learner node of a cluster run: the learner side of <see cref="RunHost"/> (coordinator, replay,
/// learner, evaluator; the same run directory as <c>train</c>) with the broker as its producer: actor
/// nodes' transitions arrive on the transition queue, their hellos, heartbeats and statistics on the
/// control queue, and every weight broadcast also goes to the weights fanout exchange.
/// </summary>
public static class ClusterLearner
{
    /// <summary>Deliveries the replay may hold unacknowledged; beyond this the queue, then the actors, wait.</summary>
    private const ushort TransitionPrefetch = 64;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Name of the weight subscriber that publishes to the actor nodes (the cluster bench broadcasts through it).</summary>
    public const string WeightsPublisherName = "weights-publisher";

    public static Task<RunSummary> RunAsync(
        RunConfig config,
        string brokerUrl,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        RunHostOptions options,
        CancellationToken cancellation) =>
        RunHost.RunAsync(config, environment, directory, progress, log, run => AttachAsync(run, brokerUrl, cancellation), options, cancellation);

    /// <summary>Attaches the broker to a learner side: consumers, membership, weights fanout. Disposing the result detaches it.</summary>
    public static async ValueTask<IAsyncDisposable> AttachAsync(RunWiring run, string brokerUrl, CancellationToken cancellation)
    {
        var connection = await BrokerConnector.ConnectAsync(brokerUrl, $"flock-learner@{Environment.MachineName}", run.Log, cancellation);
        var attached = new Attached(connection);
        try
        {
            await using (var setup = await connection.CreateChannelAsync(cancellationToken: cancellation))
            {
                await ClusterTopology.DeclareSharedAsync(setup, cancellation);
            }

            var garbage = new GarbageLog(run.Log);

            // Weights and join replies leave on a connection of their own, so a broadcast never waits
            // behind the inbound flood of transition batches.
            var outbound = await BrokerConnector.ConnectAsync(brokerUrl, $"flock-learner@{Environment.MachineName}/outbound", TextWriter.Null, cancellation);
            attached.Outbound = outbound;
            var sender = new ControlSender(await outbound.CreateChannelAsync(cancellationToken: cancellation), run.Log);
            attached.Sender = sender;
            var weights = new WeightsPublisher(await outbound.CreateChannelAsync(cancellationToken: cancellation), run.Log);
            attached.Weights = weights;
            run.WeightSubscribers.Add(await run.Actors.SpawnAsync(WeightsPublisherName, "weights", WeightsPublisher.SubscriberProps(weights), RoleSupervision.StopsTheRun));
            var configJson = RunConfigJson.Serialize(run.Config);
            var replier = await run.Actors.SpawnAsync("join-replier", "join", Props.Create(() => new JoinReplier(sender, configJson, weights)), RoleSupervision.Default);

            var timeout = TimeSpan.FromSeconds(run.Config.NodeTimeoutSeconds);
            var clock = Stopwatch.StartNew();
            var actors = run.Config.Actors;
            var membership = await run.Actors.SpawnAsync("membership", MembershipActor.Role,
                Props.Create(() => new MembershipActor(new ClusterMembership(timeout), replier, run.Coordinator, garbage, actors, SweepInterval, run.Interval, () => clock.Elapsed)),
                RoleSupervision.StopsTheRun);

            var transitions = new TransitionConsumer(await connection.CreateChannelAsync(cancellationToken: cancellation), run.Replay, garbage, TransitionPrefetch);
            attached.Transitions = transitions;
            await transitions.StartAsync(cancellation);

            var control = new ControlConsumer(await connection.CreateChannelAsync(cancellationToken: cancellation), membership, replier, garbage, run.Log);
            await control.StartAsync(cancellation);
            run.Log.WriteLine($"flockrl: learner node ready; actor nodes join with: {CommandName.Invoked} actors --broker {BrokerUrl.Redact(brokerUrl)}");
            return attached;
        }
        catch
        {
            await attached.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops consuming first (so no insert arrives at a stopping replay), then closes the connection.</summary>
    private sealed class Attached(IConnection connection) : IAsyncDisposable
    {
        public ControlSender? Sender { get; set; }

        public WeightsPublisher? Weights { get; set; }

        public TransitionConsumer? Transitions { get; set; }

        public IConnection? Outbound { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Transitions is not null)
            {
                await Transitions.DisposeAsync();
            }

            if (Sender is not null)
            {
                await Sender.DisposeAsync();
            }

            if (Weights is not null)
            {
                await Weights.DisposeAsync();
            }

            foreach (var open in new[] { Outbound, connection })
            {
                if (open is null)
                {
                    continue;
                }

                try
                {
                    await open.CloseAsync(TimeSpan.FromSeconds(2));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The broker may be gone already; nothing is left to release on it.
                }

                open.Dispose();
            }
        }
    }
}
