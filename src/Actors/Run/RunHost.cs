using System.Diagnostics;
using Akka;
using Akka.Actor;
using Flock.Actors.Hosting;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Replay;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;

namespace Flock.Actors.Run;

/// <summary>What a run's producers are wired to: the learner-side actors and the run's shared facts.</summary>
/// <param name="Actors">The actors of the run: the children of its parent actor, on a system of its own or a shared one (a sweep's trial).</param>
/// <param name="Config">The effective configuration.</param>
/// <param name="Environment">The environment being trained on.</param>
/// <param name="Network">Shape of the Q-network.</param>
/// <param name="InitialWeights">Weights the learner starts from (fresh or resumed).</param>
/// <param name="Replay">The replay: where transitions go.</param>
/// <param name="Coordinator">The coordinator: where statistics go.</param>
/// <param name="WeightSubscribers">Add refs here to receive every weight broadcast; read once the learner starts.</param>
/// <param name="Interval">Metrics and stats interval.</param>
/// <param name="Log">Where run messages go (stderr in the CLI).</param>
/// <param name="StepBudget">The run's env steps (<c>--max-env-steps</c>, or only counted), for environment actors in this process to claim from; null where none may (a bench).</param>
public sealed record RunWiring(
    RunActors Actors,
    RunConfig Config,
    EnvRegistration Environment,
    QNetworkSpec Network,
    WeightSnapshot InitialWeights,
    IActorRef Replay,
    IActorRef Coordinator,
    List<IActorRef> WeightSubscribers,
    TimeSpan Interval,
    TextWriter Log,
    EnvStepBudget? StepBudget);

/// <summary>Options of a run that differ between local and cluster mode.</summary>
/// <param name="LearnerFailAtUpdate">Test hook: make the learner throw at this update.</param>
/// <param name="Resume">Training state to continue from (<c>--resume</c>); null starts fresh.</param>
/// <param name="System">Run the actors on this shared actor system (a sweep's trial), under a parent named <paramref name="Name"/>; null: on a system of the run's own.</param>
/// <param name="Name">The name of the run's parent actor on a shared system (<c>trial-3</c>).</param>
/// <param name="OnMetrics">Also called with every metrics row, on the coordinator's thread (a sweep watches its trials with it).</param>
/// <param name="Hold">Where the env actors first wait on the way to <c>--max-env-steps</c> (a sweep's rung).</param>
/// <param name="CreateSystem">Creates the run's own actor system (a cluster learner's, with remoting); null: a plain local one.</param>
public sealed record RunHostOptions(
    long? LearnerFailAtUpdate = null,
    DqnTrainingState? Resume = null,
    ActorSystem? System = null,
    string Name = "run",
    Action<RunMetrics>? OnMetrics = null,
    EnvStepHold? Hold = null,
    Func<ActorSystem>? CreateSystem = null);

/// <summary>A pause of a run's env actors at <paramref name="At"/> env steps, below its budget (see <see cref="EnvStepBudget.HoldAt"/>).</summary>
/// <param name="At">Env steps taken when the actors wait.</param>
/// <param name="Held">Told when they do; it moves the hold on (<see cref="EnvStepBudget.HoldAt"/>) or stops the run.</param>
/// <param name="LearnerGate">The learner's gate, which the hold's owner closes while the actors wait (null: the learner trains on).</param>
public sealed record EnvStepHold(long At, Action<EnvStepBudget, long> Held, LearnerGate? LearnerGate = null);

/// <summary>
/// The learner side of every run: coordinator, replay, learner and evaluator on one actor system, plus
/// whatever produces transitions, attached by the caller (environment actors in-process for
/// <c>train</c>, the cluster gateway for <c>learner</c>). Runs until a stop condition, Ctrl-C or a failure,
/// then stops the learner, detaches the producers and stops the other actors in order (on a system of its own
/// through Akka's <c>CoordinatedShutdown</c>, in its service-stop phase), saves the checkpoint and writes the summary.
/// Nothing is lost on the way out: an interrupted or failed run still leaves config, metrics,
/// checkpoint and summary behind.
/// </summary>
public static class RunHost
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs to the end; <c>attach</c> wires the producers, and what it returns is disposed before the actors stop.</summary>
    public static async Task<RunSummary> RunAsync(
        RunConfig config,
        EnvRegistration environment,
        RunDirectory directory,
        ProgressView progress,
        TextWriter log,
        Func<RunWiring, ValueTask<IAsyncDisposable>> attach,
        RunHostOptions options,
        CancellationToken cancellation)
    {
        var obsDim = environment.ObservationSpace.Size;
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);
        var learner = LearnerConfiguration.CreateLearner(config, network);
        if (options.Resume is { } resume)
        {
            learner.ImportState(resume);
        }

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
            options.OnMetrics?.Invoke(row);
        }

        // A run on a system of its own stops it through CoordinatedShutdown (Ctrl-C, SIGTERM, a stop
        // condition or a failure alike); a sweep's trial stops only its own actors on the shared system.
        var ownSystem = options.System is null ? options.CreateSystem?.Invoke() ?? FlockActorSystem.Create("flock", log) : null;
        var system = options.System ?? ownSystem!;
        var actors = RunActors.Start(system, options.Name, ownsSystem: ownSystem is not null);

        // Local env actors claim their steps here: the run stops within a vector step of --max-env-steps, a
        // sweep holds its trials at the rungs, and the moment of a solve is counted exactly. Without a limit
        // the steps are only counted.
        var budget = new EnvStepBudget(config.MaxEnvSteps ?? long.MaxValue, () => stopRequested.TrySetResult(StopReasons.MaxEnvSteps));
        if (options.Hold is { } hold)
        {
            budget.HoldAt(hold.At, hold.Held);
        }

        var settings = new CoordinatorSettings(environment.SolveThreshold, config.StopWhenSolved, config.MaxEnvSteps, config.MaxSeconds, interval, () => budget.TakenSteps);
        Action<RunMetrics> publish = Publish;
        IActorRef? learnerRef = null;
        IAsyncDisposable? producers = null;
        string reason;
        string? error = null;
        try
        {
            var coordinator = await actors.SpawnAsync("coordinator", CoordinatorActor.Role,
                Props.Create(() => new CoordinatorActor(settings, tally, clock, publish, stopRequested, actors)), RoleSupervision.StopsTheRun);
            var replay = await actors.SpawnAsync("replay", ReplayActor.Role,
                ReplayActor.Props(new PrioritizedReplay(LearnerConfiguration.Replay(config, obsDim, environment.ObservationSpace.IsBinary), Seeding.ForIndex((ulong)config.Seed, 1_000_001)), LearnerConfiguration.RateLimiter(config), coordinator, interval),
                RoleSupervision.StopsTheRun);

            var subscribers = new List<IActorRef>();
            var learnerSetup = new LearnerSetup(config.BatchSize, config.BroadcastInterval, interval, options.LearnerFailAtUpdate, options.Hold?.LearnerGate);
            learnerRef = await actors.SpawnAsync("learner", LearnerActor.Role, LearnerActor.Props(learner, learnerSetup, replay, subscribers, coordinator), RoleSupervision.StopsTheRun);
            subscribers.Add(await actors.SpawnAsync("evaluator", EvaluatorActor.Role,
                Props.Create(() => new EvaluatorActor(environment, network, Seeding.ForIndex((ulong)config.Seed, 1_000_002), config.EvalEpisodesPerVersion, coordinator)),
                RoleSupervision.Default));

            var wiring = new RunWiring(actors, config, environment, network, initialWeights, replay, coordinator, subscribers, interval, log, budget);
            producers = await attach(wiring);
            learnerRef.Tell(StartLearning.Instance);
            reason = await WaitForStopAsync(stopRequested.Task, actors.Failure, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Ctrl-C while the producers were still being attached.
            reason = StopReasons.Interrupted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reason = StopReasons.Failed;
            error = e.Message;
        }

        // The learner stops first, so the checkpoint holds the weights of the moment the run ended (the
        // ones that solved it, say), not ones trained on while the rest of the run winds down.
        async Task StopAsync()
        {
            if (learnerRef is not null)
            {
                await actors.StopNowAsync(learnerRef, StopTimeout);
            }

            if (producers is not null)
            {
                await producers.DisposeAsync();
            }

            await actors.StopAllAsync(StopTimeout);
        }

        if (ownSystem is not null)
        {
            var shutdown = CoordinatedShutdown.Get(ownSystem);
            shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-run", async () =>
            {
                await StopAsync();
                return Done.Instance;
            });
            await shutdown.Run(new RunEnded(reason));
        }
        else
        {
            await StopAsync();
        }

        if (actors.Failure.IsCompleted)
        {
            var failure = await actors.Failure;
            reason = StopReasons.Failed;
            error ??= failure.Message;
        }

        // A diverged network (NaN or ∞ weights) is not worth keeping, and must not overwrite a good
        // checkpoint of a resumed run.
        var state = learner.ExportState();
        if (Array.TrueForAll(state.Online, float.IsFinite))
        {
            DqnCheckpoint.Save(directory.CheckpointFile, state);
        }
        else
        {
            error = (error is null ? "" : error + "; ") + "checkpoint not written: the network's weights are not finite (it diverged)";
        }

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

    private static async Task<string> WaitForStopAsync(Task<string> stopRequested, Task roleFailed, CancellationToken cancellation)
    {
        var interrupted = Task.Delay(Timeout.Infinite, cancellation);
        var first = await Task.WhenAny(stopRequested, roleFailed, interrupted);
        return first == stopRequested ? await stopRequested
            : first == interrupted ? StopReasons.Interrupted
            : StopReasons.Failed;
    }

    /// <summary>Why a run's own actor system shut down: the run's stop reason.</summary>
    private sealed class RunEnded(string reason) : CoordinatedShutdown.Reason
    {
        /// <summary>Unused: the process's exit code comes from the summary (exit-clr is off).</summary>
        public override int ExitCode => 0;

        public override string ToString() => reason;
    }
}
