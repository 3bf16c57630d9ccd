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
    /// Unacknowledged batches an environment actor may have at the replay. Under CPU contention this window bounds the
    /// collector: each acknowledgement takes two cross-thread wake-ups (actor → replay → actor), each waiting out a
    /// competitor's scheduler slice, and the actors spent 93–97% of their time waiting (bench collector --contention,
    /// <c>actor_wait_share</c>). A larger window is not the cure: batches the rate limiter parks wait in it, so the
    /// data the learner gets is older; at 4K and 16K transitions per actor CartPole needed 1.5–2.4× the env steps to
    /// solve (seeds 1–3, same build, alternating).
    /// </summary>
    public const int MaxBatchesInFlight = 4;

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
                MaxBatchesInFlight, run.Interval, run.StepBudget);
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
