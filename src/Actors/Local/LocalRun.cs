using System.Diagnostics;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Actors.Runtime;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Learner.Replay;
using Flock.Shared.Configuration;

namespace Flock.Actors.Local;

/// <summary>Test hooks for a local run; all off in real runs.</summary>
/// <param name="LearnerFailAtUpdate">Make the learner throw at this update.</param>
public sealed record LocalRunHooks(long? LearnerFailAtUpdate = null);

/// <summary>
/// A whole Ape-X run in one process: wires coordinator, replay, learner, evaluator and N environment
/// actors on one actor system, runs until a stop condition, Ctrl-C or a failure, then stops the actors
/// in order (producers first), saves the checkpoint and writes the summary. Nothing is lost on the way
/// out: an interrupted or failed run still leaves config, metrics, checkpoint and summary behind.
/// </summary>
public static class LocalRun
{
    /// <summary>Unacknowledged batches an environment actor may have at the replay.</summary>
    private const int MaxBatchesInFlight = 4;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public static async Task<RunSummary> RunAsync(
        RunConfig config,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        CancellationToken cancellation,
        LocalRunHooks? hooks = null)
    {
        var obsDim = environment.ObservationSpace.Size;
        var dqnOptions = LearnerConfiguration.Dqn(config);
        var network = dqnOptions.NetworkSpec(obsDim, environment.ActionSpace.N);
        var learner = new DqnLearner(obsDim, environment.ActionSpace.N, dqnOptions);
        var initialWeights = learner.Snapshot();
        var interval = TimeSpan.FromSeconds(config.MetricsIntervalSeconds);
        var tally = new RunTally();
        var clock = Stopwatch.StartNew();
        var stopRequested = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var metrics = new MetricsCsvWriter(directory.MetricsFile);
        RunMetrics? last = null;
        void Publish(RunMetrics row)
        {
            last = row;
            metrics.Append(row);
            progress.Report(row);
        }

        var system = new ActorSystem("flock", new ActorSystemOptions { Log = new TextWriterActorLog(log) });
        var settings = new CoordinatorSettings(environment.SolveThreshold, config.StopWhenSolved, config.MaxEnvSteps, config.MaxSeconds, interval);
        var coordinator = system.Spawn("coordinator", () => new CoordinatorActor(settings, tally, clock, Publish, stopRequested),
            new ActorOptions { Role = "coordinator", MailboxCapacity = 8192 });

        var replay = system.Spawn("replay",
            () => new ReplayActor(new PrioritizedReplay(LearnerConfiguration.Replay(config, obsDim), Seeding.ForIndex((ulong)config.Seed, 1_000_001)), LearnerConfiguration.RateLimiter(config), coordinator, interval),
            new ActorOptions { Role = "replay", MailboxCapacity = (MaxBatchesInFlight * config.Actors) + 64, Execution = ActorExecution.DedicatedThread, Supervision = SupervisionOptions.EscalateImmediately });

        var subscribers = new List<IActorRef<WeightsArrived>>();
        var learnerSetup = new LearnerSetup(config.BatchSize, config.BroadcastInterval, interval, hooks?.LearnerFailAtUpdate);
        var learnerRef = system.Spawn("learner", () => new LearnerActor(learner, learnerSetup, replay, subscribers, coordinator),
            new ActorOptions { Role = "learner", MailboxCapacity = 64, Execution = ActorExecution.DedicatedThread, Supervision = SupervisionOptions.EscalateImmediately });

        subscribers.Add(system.Spawn("evaluator", () => new EvaluatorActor(environment, network, Seeding.ForIndex((ulong)config.Seed, 1_000_002), config.EvalEpisodesPerVersion, coordinator),
            new ActorOptions { Role = "evaluator", MailboxCapacity = 64 }));

        for (var i = 0; i < config.Actors; i++)
        {
            var setup = new EnvironmentActorSetup(
                i, config.Actors, environment, config.EnvsPerActor, Seeding.ForIndex((ulong)config.Seed, i), network, initialWeights,
                LearnerConfiguration.NStep(config), LearnerConfiguration.Exploration(config), config.SendBatchSize, config.InitialPriority,
                MaxBatchesInFlight, interval);
            var counters = new EnvironmentActorCounters();
            subscribers.Add(system.Spawn($"env-{i}", () => new EnvironmentActor(setup, counters, replay, coordinator),
                new ActorOptions
                {
                    Role = "env",
                    MailboxCapacity = 64,
                    Execution = ActorExecution.DedicatedThread,

                    // A broken environment restarts its own actor with fresh environments; only a storm of
                    // failures (every few seconds for a minute) gives up on the run.
                    Supervision = SupervisionOptions.Default with { MaxRestarts = 30, MaxBackoff = TimeSpan.FromSeconds(2) },
                }));
        }

        learnerRef.Tell(StartLearning.Instance);
        var reason = await WaitForStopAsync(stopRequested.Task, system.Completion, cancellation);
        string? error = null;
        try
        {
            await system.StopAsync(StopTimeout);
            await system.Completion;
        }
        catch (ActorEscalationException e)
        {
            reason = StopReasons.Failed;
            error = $"{e.ActorName} failed: {e.InnerException?.Message ?? e.Message}";
        }

        DqnCheckpoint.Save(directory.CheckpointFile, learner.ExportState());
        var wall = clock.Elapsed.TotalSeconds;
        var summary = new RunSummary
        {
            Env = config.Env,
            Seed = config.Seed,
            Solved = tally.SolvedAtSeconds is not null,
            SolveThreshold = environment.SolveThreshold,
            SolvedAtSeconds = tally.SolvedAtSeconds,
            SolvedAtEnvSteps = tally.SolvedAtEnvSteps,
            EvalMeanReturn100 = double.IsFinite(tally.EvalMeanReturn100) ? tally.EvalMeanReturn100 : null,
            EvalEpisodes = tally.EvalEpisodes,
            TrainEpisodes = tally.TrainEpisodes,
            EnvSteps = tally.EnvSteps,
            Updates = learner.Updates,
            TransitionsInserted = last?.TransitionsInserted ?? 0,
            WeightBroadcasts = tally.Broadcasts,
            WallSeconds = wall,
            EnvStepsPerSecond = tally.EnvSteps / wall,
            UpdatesPerSecond = learner.Updates / wall,
            EnvErrors = tally.EnvErrors,
            StopReason = reason,
            Error = error,
            RunDir = directory.Path,
        };
        directory.WriteSummary(summary);
        return summary;
    }

    private static async Task<string> WaitForStopAsync(Task<string> stopRequested, Task systemCompletion, CancellationToken cancellation)
    {
        var interrupted = Task.Delay(Timeout.Infinite, cancellation);
        var first = await Task.WhenAny(stopRequested, systemCompletion, interrupted);
        return first == stopRequested ? await stopRequested
            : first == interrupted ? StopReasons.Interrupted
            : StopReasons.Failed;
    }
}
