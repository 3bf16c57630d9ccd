using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Flock.Actors.Hosting;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
using Flock.Learner.Checkpoints;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Roles;

/// <summary>Why a run ended; written to summary.json as stop_reason (the documented set, README and shared/CLI.md).</summary>
public static class StopReasons
{
    public const string Solved = "solved";
    public const string MaxSeconds = "max-seconds";
    public const string MaxEnvSteps = "max-env-steps";
    public const string Interrupted = "interrupted";
    public const string Failed = "failed";

    /// <summary>Written with every periodic checkpoint while the run lives: a summary that still says this was killed before it could write its own.</summary>
    public const string Incomplete = "incomplete";
}

/// <summary>What the coordinator needs to know about the run it watches.</summary>
/// <param name="SolveThreshold">Mean eval return (last 100 episodes) that counts as solved; null if the env has none.</param>
/// <param name="StopWhenSolved">Ask to stop once solved.</param>
/// <param name="MaxEnvSteps">Ask to stop after this many env steps.</param>
/// <param name="MaxSeconds">Ask to stop after this long.</param>
/// <param name="Interval">Time between metrics rows.</param>
/// <param name="LiveEnvSteps">The env steps taken this moment, where the host can count them live (local actors); the actors' stats lag by an interval.</param>
/// <param name="EvaluatorEnvErrors">Environment faults of the evaluator's episodes so far (the env actors report theirs in their statistics).</param>
public sealed record CoordinatorSettings(double? SolveThreshold, bool StopWhenSolved, long? MaxEnvSteps, double? MaxSeconds, TimeSpan Interval, Func<long>? LiveEnvSteps = null, Func<long>? EvaluatorEnvErrors = null);

/// <summary>
/// Collects every role's statistics, writes a metrics row and a progress update each interval, and
/// decides when the run should stop (solved, max steps, max seconds). It only signals the stop through
/// <paramref name="stopRequested"/>; the host that wired the run performs the orderly shutdown.
/// <paramref name="run"/>: the run's actors, for their mailbox depths, restarts and dead letters.
/// </summary>
public sealed class CoordinatorActor(
    CoordinatorSettings settings,
    RunTally tally,
    Stopwatch clock,
    Action<RunMetrics> publish,
    TaskCompletionSource<string> stopRequested,
    RunActors run) : UntypedActor, IWithTimers
{
    /// <summary>Role tag of the coordinator.</summary>
    public const string Role = "coordinator";

    private readonly IntervalRates _rates = new();
    private readonly ILoggingAdapter _log = FlockLog.For(Context.System, run.Label(Context.Self.Path.Name));

    /// <summary>Set by Akka.NET: the metrics timer.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", ReportStats.Instance, settings.Interval);

    /// <summary>The last row, written after every other role has stopped and sent its final figures.</summary>
    protected override void PostStop() => publish(Snapshot());

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ActorStatsReported a:
                tally.Actors[a.Stats.ActorId] = a.Stats;
                tally.NonZeroRewards[a.Stats.ActorId] = a.NonZeroRewards;
                if (a.Times is { } times)
                {
                    tally.ActorTimes[a.Stats.ActorId] = times;
                }

                break;
            case ReplayStatsReported r:
                tally.Replay = r;
                break;
            case LearnerStatsReported l:
                tally.Learner = l;
                tally.Updates = l.Updates;
                tally.TargetSyncs = l.TargetSyncs;
                tally.Broadcasts = l.Broadcasts;
                break;
            case ClusterStatsReported c:
                tally.Cluster = c;
                break;
            case ActorsRetired r:
                tally.Retire(r.ActorIds);
                break;
            case EvalEpisodeFinished e:
                tally.AddEvalEpisode(e.Return);
                CheckSolved();
                break;
            case ReportStats:
                publish(Snapshot());
                CheckLimits();
                break;
            case TakeRunSnapshot:
                var row = Snapshot();
                publish(row);
                Sender.Tell(new RunSnapshot(Progress(row), row));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>The metrics row for now; rates over the time since the previous row.</summary>
    public RunMetrics Snapshot()
    {
        var before = tally.Before;
        var elapsed = before.ElapsedSeconds + clock.Elapsed.TotalSeconds;
        var actors = tally.Actors.Values;
        var learner = tally.Learner;
        var replay = tally.Replay;
        var envSteps = tally.EnvSteps;
        var (stepRate, updateRate, trainReturn, nonZero) = _rates.Advance(elapsed, envSteps, tally.Updates, actors, tally.NonZeroRewardsTotal);
        // The run's own actors: a sweep runs several runs side by side, each under a parent of its own.
        var statuses = run.GetStatuses();
        RecordVersionLags(learner, actors);
        var envTimes = tally.ActorTimes.Values;
        return new RunMetrics
        {
            ElapsedSeconds = elapsed,
            EnvSteps = envSteps,
            EnvStepsPerSecond = stepRate,
            Updates = tally.Updates,
            UpdatesPerSecond = updateRate,
            TransitionsInserted = before.TransitionsInserted + (replay?.Inserted ?? 0),
            ReplaySize = replay?.Size ?? 0,
            SamplesPerInsert = replay is { Inserted: > 0 } ? (double)replay.Sampled / replay.Inserted : 0,
            EpsilonMin = actors.Count == 0 ? double.NaN : actors.Min(a => a.Epsilon),
            EpsilonMax = actors.Count == 0 ? double.NaN : actors.Max(a => a.Epsilon),
            Loss = learner?.MeanLoss ?? double.NaN,
            MeanAbsQ = learner?.MeanAbsQ ?? double.NaN,
            MeanAbsTdError = learner?.MeanAbsTdError ?? double.NaN,
            GradNorm = learner?.MeanGradNorm ?? double.NaN,
            GradClippedFraction = learner?.ClippedFraction ?? double.NaN,
            LearningRate = learner?.LearningRate ?? double.NaN,
            TargetSyncs = tally.TargetSyncs,
            TrainMeanReturn = trainReturn,
            TrainEpisodes = tally.TrainEpisodes,
            NonZeroRewardFraction = nonZero,
            EvalMeanReturn100 = tally.EvalMeanReturn100,
            EvalEpisodes = tally.EvalEpisodes,
            WeightsVersion = learner?.WeightsVersion ?? 0,
            WeightsVersionLagMax = learner is null || actors.Count == 0 ? 0 : Math.Max(0, learner.WeightsVersion - actors.Min(a => a.WeightsVersion)),
            EnvErrors = tally.EnvErrors + (settings.EvaluatorEnvErrors?.Invoke() ?? 0),
            ActorRestarts = run.Restarts,
            DeadLetters = run.DeadLetters,
            ReplayMailboxDepth = statuses.Where(s => s.Role == ReplayActor.Role).Sum(s => s.MailboxDepth),
            LearnerMailboxDepth = statuses.Where(s => s.Role == LearnerActor.Role).Sum(s => s.MailboxDepth),
            EnvMailboxDepthMax = statuses.Where(s => s.Role == EnvironmentActor.Role).Select(s => s.MailboxDepth).DefaultIfEmpty().Max(),
            EnvSteppingSeconds = Seconds(envTimes.Sum(t => t.Stepping)),
            EnvInferenceSeconds = Seconds(envTimes.Sum(t => t.Inference)),
            EnvBatchingSeconds = Seconds(envTimes.Sum(t => t.Batching)),
            EnvSendingSeconds = Seconds(envTimes.Sum(t => t.Sending)),
            ReplayInsertSeconds = Seconds(replay?.InsertTicks ?? 0),
            ReplaySampleSeconds = Seconds(replay?.SampleTicks ?? 0),
            LearnerUpdateSeconds = Seconds(learner?.UpdateTicks ?? 0),
            LearnerBroadcastSeconds = Seconds(learner?.BroadcastTicks ?? 0),
            LearnerWaitSeconds = Seconds(learner?.WaitTicks ?? 0),
            Nodes = tally.Cluster?.Nodes,
            NodeActors = tally.Cluster?.Actors ?? 0,
            NodeTransitionsPerSecond = tally.Cluster is { } cluster ? RunMetrics.FormatPerNode(cluster.PerNodeTransitionsPerSecond) : "",
            GarbageMessages = tally.Cluster?.GarbageMessages ?? 0,
            TransitionsLost = tally.Cluster?.TransitionsLost ?? 0,
        };
    }

    /// <summary>The counters a checkpoint keeps, as of <paramref name="row"/> (written the same moment).</summary>
    private RunProgress Progress(RunMetrics row) => tally.ProgressAt(row.ElapsedSeconds, row.TransitionsInserted, row.ReplaySize);

    private static double Seconds(long stopwatchTicks) => (double)stopwatchTicks / Stopwatch.Frequency;

    /// <summary>Each actor's lag behind the learner, as the per-actor gauge (one row's worth, once per interval).</summary>
    private static void RecordVersionLags(LearnerStatsReported? learner, IEnumerable<Flock.Shared.Messages.ActorStats> actors)
    {
        if (learner is null || !FlockInstruments.WeightsVersionLag.Enabled)
        {
            return;
        }

        foreach (var a in actors)
        {
            FlockInstruments.WeightsVersionLag.Record(Math.Max(0, learner.WeightsVersion - a.WeightsVersion), new KeyValuePair<string, object?>(TagNames.ActorId, a.ActorId));
        }
    }

    private void CheckSolved()
    {
        if (tally.SolvedAtSeconds is null && settings.SolveThreshold is { } threshold && tally.EvalWindowFull && tally.EvalMeanReturn100 >= threshold)
        {
            tally.SolvedAtSeconds = tally.Before.ElapsedSeconds + clock.Elapsed.TotalSeconds;
            tally.SolvedAtEnvSteps = Math.Max(tally.EnvSteps, tally.Before.EnvSteps + (settings.LiveEnvSteps?.Invoke() ?? 0));
            _log.Info($"solved: mean return of the last {RunTally.EvalWindowSize} greedy episodes {tally.EvalMeanReturn100:0.0} ≥ {threshold} after {tally.SolvedAtSeconds:0.0} s and {tally.SolvedAtEnvSteps:N0} env steps");
            if (settings.StopWhenSolved)
            {
                stopRequested.TrySetResult(StopReasons.Solved);
            }
        }
    }

    private void CheckLimits()
    {
        if (settings.MaxSeconds is { } seconds && clock.Elapsed.TotalSeconds >= seconds)
        {
            stopRequested.TrySetResult(StopReasons.MaxSeconds);
        }
        else if (settings.MaxEnvSteps is { } steps && tally.EnvSteps - tally.Before.EnvSteps >= steps)
        {
            stopRequested.TrySetResult(StopReasons.MaxEnvSteps);
        }
    }
}
