using Akka.Actor;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Local;

/// <summary>Test hooks for a local run; all off in real runs.</summary>
/// <param name="LearnerFailAtUpdate">Make the learner throw at this update.</param>
public sealed record LocalRunHooks(long? LearnerFailAtUpdate = null);

/// <summary>
/// A whole Ape-X run in one process: the learner side of <see cref="RunHost"/> plus N environment actors
/// on the same actor system, sending to the replay through in-process mailboxes.
/// </summary>
public static class LocalRun
{
    /// <summary>
    /// Unacknowledged batches an environment actor may have at the replay. Each batch goes to another thread
    /// and its acknowledgement comes back from it; while other processes keep the cores busy, each of those
    /// hand-offs can wait for a scheduler time slice (milliseconds: the p99 of an Ask round trip to a
    /// dedicated-thread actor with two <c>yes</c> running, <c>flockrl bench actors</c>), while an actor fills a
    /// batch in 0.1–0.4 ms. With 4 the actors stalled on acknowledgements and the collector fell 4–9× with two
    /// <c>yes</c> competitors (README, Benchmarks); 16 keeps them stepping through a slice (about 2×).
    /// </summary>
    public const int MaxBatchesInFlight = 16;

    public static Task<RunSummary> RunAsync(
        RunConfig config,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        CancellationToken cancellation,
        LocalRunHooks? hooks = null) =>
        RunAsync(config, environment, directory, progress, log, new RunHostOptions(hooks?.LearnerFailAtUpdate), cancellation);

    /// <summary>A local run with the host's options spelled out (a sweep's trial runs under a parent of its own on a shared system).</summary>
    public static Task<RunSummary> RunAsync(
        RunConfig config,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        RunHostOptions options,
        CancellationToken cancellation) =>
        RunHost.RunAsync(config, environment, directory, progress, log, SpawnEnvironmentActors, options, cancellation);

    /// <summary>Spawns N environment actors as children of the run's parent; the run stops them first (newest first).</summary>
    private static async ValueTask<IAsyncDisposable> SpawnEnvironmentActors(RunWiring run)
    {
        var config = run.Config;
        for (var i = 0; i < config.Actors; i++)
        {
            var setup = new EnvironmentActorSetup(
                i, config.Actors, run.Environment, config.EnvsPerActor, Seeding.ForIndex((ulong)config.Seed, i), run.Network, run.InitialWeights,
                LearnerConfiguration.NStep(config), LearnerConfiguration.Exploration(config), config.SendBatchSize, config.InitialPriority,
                MaxBatchesInFlight, run.Interval, run.StepBudget, run.Faults);
            run.WeightSubscribers.Add(await SpawnEnvironmentActorAsync(run.Actors, $"env-{i}", setup, new EnvironmentActorCounters(), run.Replay, run.Coordinator));
        }

        return NothingToDetach.Instance;
    }

    /// <summary>
    /// A broken environment restarts its own actor with fresh environments; only a storm of failures (every
    /// two seconds for a minute) gives up on the run. Every mode uses this.
    /// </summary>
    public static RoleSupervision EnvironmentSupervision { get; } = new(30, TimeSpan.FromMinutes(1));

    /// <summary>One environment actor, a child of the run's parent, with the supervision every mode uses.</summary>
    public static Task<IActorRef> SpawnEnvironmentActorAsync(
        RunActors run, string name, EnvironmentActorSetup setup, EnvironmentActorCounters counters, IActorRef replay, IActorRef coordinator) =>
        run.SpawnAsync(name, EnvironmentActor.Role, EnvironmentActor.Props(setup, counters, replay, coordinator), EnvironmentSupervision);

    private sealed class NothingToDetach : IAsyncDisposable
    {
        public static NothingToDetach Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
