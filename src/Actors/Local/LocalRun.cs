using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Actors.Runtime;
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
    /// Transitions an environment actor may have unacknowledged at the replay: its flow-control window. An actor
    /// with a full window sleeps until the replay's acknowledgement wakes it, and each wake-up crosses two threads
    /// (actor → replay → actor); on cores shared with CPU-bound processes a woken thread waits for the scheduler
    /// for up to a time slice (milliseconds). With a window of 4 batches the actors spent 93–97% of their time
    /// waiting for acknowledgements under two competitors and the collector fell 4–9× (35× in the report)
    /// although it had CPU to use; a window this size carries the actors over a few such waits (bench collector
    /// --contention). The samples-per-insert limiter still holds acknowledgements back, 16K transitions per actor
    /// being far below its default tolerance of 100K.
    /// </summary>
    public const int TransitionsInFlight = 16_384;

    /// <summary>
    /// At least this many batches in flight, whatever their size. Cluster actor nodes keep exactly this: their
    /// acknowledgement is the broker's publisher confirm, and the transition queue holds 512 batches for all nodes.
    /// </summary>
    public const int MinBatchesInFlight = 4;

    /// <summary>Unacknowledged batches an environment actor may have at the replay, for batches of <paramref name="sendBatchSize"/>.</summary>
    public static int BatchesInFlight(int sendBatchSize) => Math.Max(MinBatchesInFlight, TransitionsInFlight / Math.Max(1, sendBatchSize));

    public static Task<RunSummary> RunAsync(
        RunConfig config,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        CancellationToken cancellation,
        LocalRunHooks? hooks = null) =>
        RunAsync(config, environment, directory, progress, log, new RunHostOptions(hooks?.LearnerFailAtUpdate), cancellation);

    /// <summary>A local run with the host's options spelled out (a sweep's trial runs in a scope of a shared system).</summary>
    public static Task<RunSummary> RunAsync(
        RunConfig config,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        RunHostOptions options,
        CancellationToken cancellation) =>
        RunHost.RunAsync(config, environment, directory, progress, log, SpawnEnvironmentActors, options, cancellation);

    /// <summary>Spawns N environment actors; the actor system stops them (first, in reverse spawn order).</summary>
    private static ValueTask<IAsyncDisposable> SpawnEnvironmentActors(RunWiring run)
    {
        var config = run.Config;
        for (var i = 0; i < config.Actors; i++)
        {
            var setup = new EnvironmentActorSetup(
                i, config.Actors, run.Environment, config.EnvsPerActor, Seeding.ForIndex((ulong)config.Seed, i), run.Network, run.InitialWeights,
                LearnerConfiguration.NStep(config), LearnerConfiguration.Exploration(config), config.SendBatchSize, config.InitialPriority,
                BatchesInFlight(config.SendBatchSize), run.Interval, run.StepBudget);
            run.WeightSubscribers.Add(SpawnEnvironmentActor(run.Scope, $"env-{i}", setup, run.Replay, run.Coordinator));
        }

        return ValueTask.FromResult<IAsyncDisposable>(NothingToDetach.Instance);
    }

    /// <summary>One environment actor with the supervision every mode uses.</summary>
    public static IActorRef<IEnvironmentMessage> SpawnEnvironmentActor(
        ActorScope scope, string name, EnvironmentActorSetup setup, IActorRef<InsertBatch> replay, IActorRef<ActorStatsReported> coordinator)
    {
        var counters = new EnvironmentActorCounters();
        return SpawnEnvironmentActor(scope, name, setup, counters, replay, coordinator);
    }

    public static IActorRef<IEnvironmentMessage> SpawnEnvironmentActor(
        ActorScope scope, string name, EnvironmentActorSetup setup, EnvironmentActorCounters counters, IActorRef<InsertBatch> replay, IActorRef<ActorStatsReported> coordinator) =>
        scope.Spawn(name, () => new EnvironmentActor(setup, counters, replay, coordinator),
            new ActorOptions
            {
                Role = "env",
                MailboxCapacity = 64,
                Execution = ActorExecution.DedicatedThread,

                // A broken environment restarts its own actor with fresh environments; only a storm of
                // failures (every few seconds for a minute) gives up on the run.
                Supervision = SupervisionOptions.Default with { MaxRestarts = 30, MaxBackoff = TimeSpan.FromSeconds(2) },
            });

    private sealed class NothingToDetach : IAsyncDisposable
    {
        public static NothingToDetach Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
