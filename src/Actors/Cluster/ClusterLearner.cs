using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cluster;

/// <summary>
/// The learner node of a cluster run: the learner side of <see cref="RunHost"/> (coordinator, replay,
/// learner, evaluator; the same run directory as <c>train</c>) on an actor system that is the cluster's
/// seed, with the <see cref="ClusterGateway"/> as its producer: actor nodes join through it, their
/// batches come in through it, and every weight broadcast goes out through it.
/// </summary>
public static class ClusterLearner
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Name of the gateway actor under the run's parent (see <see cref="ClusterRoles.GatewayPath"/>).</summary>
    public const string GatewayName = "gateway";

    public static Task<RunSummary> RunAsync(
        RunConfig config,
        ClusterNodeSettings node,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        RunHostOptions options,
        CancellationToken cancellation) =>
        RunHost.RunAsync(config, environment, directory, progress, log, run => AttachAsync(run, node), options with { CreateSystem = runLog => node.CreateSystem(runLog) }, cancellation);

    /// <summary>Attaches the cluster's edge to a learner side: gateway, membership, cluster events.</summary>
    public static async ValueTask<IAsyncDisposable> AttachAsync(RunWiring run, ClusterNodeSettings node)
    {
        var runId = Guid.NewGuid();
        var counts = new GatewayCounts();
        var space = run.Environment.ObservationSpace;
        var settings = new GatewaySettings(runId, RunConfigJson.Serialize(run.Config), space.Size, run.Environment.ActionSpace.N, space.Encoding);
        var gateway = await run.Actors.SpawnAsync(GatewayName, ClusterGateway.Role, Props.Create(() => new ClusterGateway(settings, run.Replay, counts)), RoleSupervision.StopsTheRun);
        run.WeightSubscribers.Add(gateway);

        var timeout = TimeSpan.FromSeconds(run.Config.NodeTimeoutSeconds);
        var clock = Stopwatch.StartNew();
        var actors = run.Config.Actors;
        var membership = await run.Actors.SpawnAsync("membership", MembershipActor.Role,
            Props.Create(() => new MembershipActor(new ClusterMembership(timeout), gateway, run.Coordinator, counts, actors, SweepInterval, run.Interval, () => clock.Elapsed)),
            RoleSupervision.StopsTheRun);
        gateway.Tell(new UseMembership(membership));
        await run.Actors.SpawnAsync("cluster-events", "cluster-events", Props.Create(() => new ClusterEventsActor(membership)), RoleSupervision.Default);

        var reach = new ClusterEndpoint(node.PublicHost ?? node.Listen.Host, run.Actors.System is ExtendedActorSystem extended && extended.Provider.DefaultAddress.Port is { } port ? port : node.Listen.Port);
        run.Log.WriteLine($"flockrl: learner node listening on {node.Listen}{(node.Tls is null ? "" : " (TLS)")}, run {runId}; actor nodes join with: {CommandName.Invoked} actors --join {reach}");
        return NothingToDetach.Instance;
    }

    /// <summary>The gateway and membership stop with the run's other actors; the cluster is left by the system's coordinated shutdown.</summary>
    private sealed class NothingToDetach : IAsyncDisposable
    {
        public static NothingToDetach Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
