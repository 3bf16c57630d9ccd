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
/// <param name="Stopping">Cancelled when the run must stop (Ctrl-C, or <c>--max-seconds</c> reached): attaching producers gives up with it.</param>
/// <param name="Faults">The run's environment faults, for environment actors in this process to report to; null where none do (a bench).</param>
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
    EnvStepBudget? StepBudget,
    CancellationToken Stopping = default,
    RunFaults? Faults = null);

/// <summary>Options of a run that differ between local and cluster mode.</summary>
/// <param name="LearnerFailAtUpdate">Test hook: make the learner throw at this update.</param>
/// <param name="Resume">Training state to continue from (<c>--resume</c>); null starts fresh.</param>
/// <param name="System">Run the actors on this shared actor system (a sweep's trial), under a parent named <paramref name="Name"/>; null: on a system of the run's own.</param>
/// <param name="Name">The name of the run's parent actor on a shared system (<c>trial-3</c>).</param>
/// <param name="OnMetrics">Also called with every metrics row, on the coordinator's thread (a sweep watches its trials with it).</param>
/// <param name="Hold">Where the env actors first wait on the way to <c>--max-env-steps</c> (a sweep's rung).</param>
/// <param name="CreateSystem">Creates the run's own actor system, logging to the run's log (a cluster learner's, with remoting); null: a plain local one.</param>
/// <param name="Verbose">Print failures' stack traces on the console too (<c>--verbose</c>); they always go to the run's run.log.</param>
public sealed record RunHostOptions(
    long? LearnerFailAtUpdate = null,
    DqnTrainingState? Resume = null,
    ActorSystem? System = null,
    string Name = "run",
    Action<RunMetrics>? OnMetrics = null,
    EnvStepHold? Hold = null,
    Func<RunLog, ActorSystem>? CreateSystem = null,
    bool Verbose = false);

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
/// through Akka's <c>CoordinatedShutdown</c>, in its service-stop phase), saves the checkpoints and writes the summary.
/// Nothing is lost on the way out: an interrupted or failed run still leaves config, metrics,
/// checkpoint and summary behind, and while it lives the learner's full state goes to checkpoint-last.bin
/// every <c>--checkpoint-interval-seconds</c>, with summary.json (stop_reason <c>incomplete</c>) beside it, so a
/// killed run leaves a consistent directory to resume. <c>--max-seconds</c> is a deadline of its own, exact
/// whatever the metrics interval, also while the producers are still being attached.
/// </summary>
public static class RunHost
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a periodic save waits for the learner or the coordinator to answer before skipping that save.</summary>
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(30);

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
        var device = LearnerConfiguration.Device(config);
        var learner = LearnerConfiguration.CreateLearner(config, network, device);

        // The run owns the learner's backend (a GPU's holds device memory) and uses it to its last line: the final checkpoints.
        using var backend = learner.Backend as IDisposable;
        var before = options.Resume?.Progress ?? RunProgress.None;
        if (options.Resume is { } resume)
        {
            learner.ImportState(resume);
        }

        var initialWeights = learner.Snapshot();
        var interval = TimeSpan.FromSeconds(config.MetricsIntervalSeconds);
        var tally = new RunTally();
        tally.Continue(before);
        var clock = Stopwatch.StartNew();

        // --max-seconds counts from this (re)start, on a timer of its own: not at metrics ticks.
        using var deadline = new CancellationTokenSource();
        if (config.MaxSeconds is { } maxSeconds)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(maxSeconds));
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation, deadline.Token);
        var stopRequested = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? saveError = null;
        using var metrics = new MetricsCsvWriter(directory.MetricsFile, append: directory.Resumed);
        RunMetrics? last = null;

        // A resumed run appends rows only once it has started: one that cannot start leaves metrics.csv as it was.
        var appending = !directory.Resumed;
        void Publish(RunMetrics row)
        {
            last = row;
            if (Volatile.Read(ref appending))
            {
                metrics.Append(row);
            }

            progress.Report(row);
            options.OnMetrics?.Invoke(row);
        }

        using var runLog = new RunLog(log, directory.LogFile, options.Verbose);

        // A run on a system of its own stops it through CoordinatedShutdown (Ctrl-C, SIGTERM, a stop
        // condition or a failure alike); a sweep's trial stops only its own actors on the shared system.
        var ownSystem = options.System is null ? options.CreateSystem?.Invoke(runLog) ?? FlockActorSystem.Create("flock", runLog) : null;
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

        var faults = new RunFaults(log);
        var checkpoints = new RunCheckpoints(directory, network, log, failure =>
        {
            // A full disk: stop now rather than train on with nothing saved.
            Interlocked.CompareExchange(ref saveError, failure, null);
            stopRequested.TrySetResult(StopReasons.Failed);
        });
        var evaluatorSeed = Seeding.ForIndex((ulong)config.Seed, 1_000_002);
        var settings = new CoordinatorSettings(environment.SolveThreshold, config.StopWhenSolved, config.MaxEnvSteps, config.MaxSeconds, interval, () => budget.TakenSteps, () => faults.EvaluatorFaults);
        Action<RunMetrics> publish = Publish;
        IActorRef? learnerRef = null;
        IActorRef? coordinator = null;
        IActorRef? replayRef = null;
        // A periodic save: the learner's state copied between two updates, a metrics row and the run's counters of the
        // same moment, then checkpoint-last.bin and summary.json written (each whole or not at all) off the actors' threads.
        async Task SaveLastCheckpointAsync(CancellationToken stop)
        {
            try
            {
                if (learnerRef is null || coordinator is null)
                {
                    return;
                }

                var state = await learnerRef.Ask<DqnTrainingState>(ExportTrainingState.Instance, SnapshotTimeout, stop);
                if (replayRef is not null)
                {
                    await replayRef.Ask<ReplayStatsSent>(SendReplayStatsNow.Instance, SnapshotTimeout, stop);
                }

                var snapshot = await coordinator.Ask<RunSnapshot>(TakeRunSnapshot.Instance, SnapshotTimeout, stop);
                state.Progress = snapshot.Progress;
                stop.ThrowIfCancellationRequested();
                var summary = RunSummaryBuilder.Build(config, environment, directory, snapshot.Progress, state.Updates, device.Label, faults, checkpoints, StopReasons.Incomplete, error: null);
                directory.WriteLastCheckpointAndSummary(file => DqnCheckpoint.Save(file, state), summary);
            }
            catch (AskTimeoutException e)
            {
                runLog.Write(FlockLogLevel.Warning, "run", $"checkpoint skipped: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a lost folder: the last good checkpoint stays (the write was atomic), and the run stops
                // now rather than train on with nothing saved.
                saveError = $"{directory.LastCheckpointFile} could not be written ({e.Message}); the last good checkpoint is kept";
                stopRequested.TrySetResult(StopReasons.Failed);
            }
        }

        IAsyncDisposable? producers = null;
        string reason;
        string? error = null;
        await using (var periodicSaves = PeriodicCheckpoints.Start(config.CheckpointIntervalSeconds, SaveLastCheckpointAsync))
        {
            try
            {
                coordinator = await actors.SpawnAsync("coordinator", CoordinatorActor.Role,
                    Props.Create(() => new CoordinatorActor(settings, tally, clock, publish, stopRequested, actors)), RoleSupervision.StopsTheRun);
                var replay = await actors.SpawnAsync("replay", ReplayActor.Role,
                    ReplayActor.Props(new PrioritizedReplay(LearnerConfiguration.Replay(config, obsDim, environment.ObservationSpace.Encoding), Seeding.ForIndex((ulong)config.Seed, 1_000_001)), LearnerConfiguration.RateLimiter(config), coordinator, interval),
                    RoleSupervision.StopsTheRun);
                replayRef = replay;

                var subscribers = new List<IActorRef>();
                var learnerSetup = new LearnerSetup(
                    config.BatchSize, config.BroadcastInterval, interval, options.LearnerFailAtUpdate, options.Hold?.LearnerGate, LearnerConfiguration.PrefetchDepth(device));
                learnerRef = await actors.SpawnAsync("learner", LearnerActor.Role, LearnerActor.Props(learner, learnerSetup, replay, subscribers, coordinator), RoleSupervision.StopsTheRun);
                subscribers.Add(await actors.SpawnAsync("evaluator", EvaluatorActor.Role,
                    Props.Create(() => new EvaluatorActor(environment, network, evaluatorSeed, config.EvalEpisodesPerVersion, coordinator, faults, checkpoints.KeepBest)),
                    RoleSupervision.Default));

                var wiring = new RunWiring(actors, config, environment, network, initialWeights, replay, coordinator, subscribers, interval, log, budget, stopping.Token, faults);
                producers = await attach(wiring);
                Volatile.Write(ref appending, true);
                learnerRef.Tell(StartLearning.Instance);
                reason = await WaitForStopAsync(stopRequested.Task, actors.Failure, cancellation, deadline.Token, faults.GaveUp);
                if (faults.GaveUp.IsCompletedSuccessfully)
                {
                    error = await faults.GaveUp;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl-C or the deadline while the producers were still being attached.
                reason = cancellation.IsCancellationRequested ? StopReasons.Interrupted : StopReasons.MaxSeconds;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = StopReasons.Failed;
                error = e.Message;
                runLog.Failure($"the run failed: {e.Message}", e);
            }
        }

        if (saveError is not null)
        {
            error = saveError;
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

        var reached = tally.ProgressAt(before.ElapsedSeconds + clock.Elapsed.TotalSeconds, last?.TransitionsInserted ?? before.TransitionsInserted, last?.ReplaySize ?? 0);
        if (directory.Resumed && producers is null)
        {
            // A resume that never started (a port in use, a deadline while attaching) changes nothing: the
            // run's summary and checkpoints stay those of its last good session.
            error ??= $"the resumed run did not start before it stopped ({reason})";
            return RunSummaryBuilder.Build(config, environment, directory, reached, learner.Updates, device.Label, faults, checkpoints, StopReasons.Failed, $"{error}; {directory.Path} was left as it was");
        }

        // checkpoint-last.bin: the learner's state at the stop, for --resume. A diverged network (NaN or ∞
        // weights) is not worth keeping, and must not overwrite a good checkpoint of a resumed run.
        var state = learner.ExportState();
        state.Progress = reached;
        if (Array.TrueForAll(state.Online, float.IsFinite))
        {
            var saved = Save(directory.LastCheckpointFile, state, error);
            if (saved != error)
            {
                // Not saved (a full disk): the run failed, whatever stopped it.
                (reason, error) = (StopReasons.Failed, saved);
            }
        }
        else
        {
            error = (error is null ? "" : error + "; ") + "checkpoint-last.bin not written: the network's weights are not finite (it diverged)";
        }

        // checkpoint.bin: the best version the evaluator fully judged; a run too short for one gets its last
        // weights judged now, so the file always holds weights with the mean of their own episodes.
        if (checkpoints.Best is null && Array.TrueForAll(state.Online, float.IsFinite))
        {
            checkpoints.EvaluateFinal(environment, learner.Snapshot(), evaluatorSeed);
        }

        if (checkpoints.Failure is { } checkpointFailure)
        {
            (reason, error) = (StopReasons.Failed, error is null ? checkpointFailure : error.Contains(checkpointFailure, StringComparison.Ordinal) ? error : $"{error}; {checkpointFailure}");
        }

        foreach (var site in faults.Describe())
        {
            log.WriteLine($"flockrl: environment faults: {site}");
        }

        var summary = RunSummaryBuilder.Build(config, environment, directory, reached, learner.Updates, device.Label, faults, checkpoints, reason, error);
        try
        {
            directory.WriteSummary(summary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            summary = summary with { StopReason = StopReasons.Failed, Error = (error is null ? "" : error + "; ") + $"{directory.SummaryFile} could not be written ({e.Message})" };
        }

        return summary;
    }

    /// <summary>Writes a checkpoint, or adds why it could not be written (a full disk) to the run's error: the previous file stays.</summary>
    private static string? Save(string path, DqnTrainingState state, string? error)
    {
        try
        {
            DqnCheckpoint.Save(path, state);
            return error;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (error is null ? "" : error + "; ") + $"{path} could not be written ({e.Message}); the last good one is kept";
        }
    }

    private static async Task<string> WaitForStopAsync(Task<string> stopRequested, Task systemCompletion, CancellationToken cancellation, CancellationToken deadline, Task gaveUp)
    {
        var interrupted = Task.Delay(Timeout.Infinite, cancellation);
        var timeUp = Task.Delay(Timeout.Infinite, deadline);
        var first = await Task.WhenAny(stopRequested, systemCompletion, interrupted, timeUp, gaveUp);
        return first == stopRequested ? await stopRequested
            : first == interrupted ? StopReasons.Interrupted
            : first == timeUp ? StopReasons.MaxSeconds
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
