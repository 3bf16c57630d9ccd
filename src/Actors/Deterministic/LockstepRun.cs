using System.Diagnostics;
using System.Globalization;
using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Learner;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Replay;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;

namespace Flock.Actors.Deterministic;

/// <summary>
/// <c>flockrl train --deterministic</c>: the same components as an actor run (each environment actor's
/// collection, the prioritized replay and its samples-per-insert limiter, the learner, the evaluator's
/// screening and confirmation, the checkpoint keeper), driven in lockstep on one thread in a fixed order,
/// so the same seed and configuration give the same run: identical counting columns in metrics.csv and
/// bit-identical checkpoints. Rows, evaluations and weight broadcasts are keyed to update counts (a row
/// at every broadcast and at the end), never to the clock; only the wall-time columns and
/// <c>--max-seconds</c> read it. Deterministic by construction: there is no concurrency to order.
/// </summary>
public static class LockstepRun
{
    public static Task<RunSummary> RunAsync(RunConfig config, EnvRegistration environment, RunDirectory directory, ProgressView progress, TextWriter log, CancellationToken cancellation) =>
        Task.Run(() => Run(config, environment, directory, progress, log, cancellation), CancellationToken.None);

    private static RunSummary Run(RunConfig config, EnvRegistration environment, RunDirectory directory, ProgressView progress, TextWriter log, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var seed = (ulong)config.Seed;
        var obsDim = environment.ObservationSpace.Size;
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);
        var device = LearnerConfiguration.Device(config);
        var learner = LearnerConfiguration.CreateLearner(config, network, device);
        using var backend = learner.Backend as IDisposable;
        var replay = new PrioritizedReplay(LearnerConfiguration.Replay(config, obsDim, environment.ObservationSpace.Encoding), Seeding.ForIndex(seed, 1_000_001));
        var limiter = LearnerConfiguration.RateLimiter(config);
        var faults = new RunFaults(log);
        var checkpoints = new RunCheckpoints(directory, network, log);
        var evaluation = new LockstepEvaluation(environment, network, Seeding.ForIndex(seed, 1_000_002), config.EvalEpisodesPerVersion, faults, checkpoints);
        var tally = new RunTally();
        var weights = learner.Snapshot();
        var collectors = Enumerable.Range(0, config.Actors)
            .Select(i => new ExperienceCollector(environment, network, weights, config, i, Seeding.ForIndex(seed, i), faults)).ToArray();
        var sample = new SampledBatch(config.BatchSize, obsDim);
        var tdErrors = new float[config.BatchSize];
        var pending = new Queue<TransitionBatch>();
        var maxEnvSteps = config.MaxEnvSteps ?? long.MaxValue;
        var interval = new IntervalFigures();
        long envSteps = 0, lastBroadcastAt = 0;
        string? reason = null, error = null;
        using var metrics = new MetricsCsvWriter(directory.MetricsFile);

        void Row()
        {
            for (var i = 0; i < collectors.Length; i++)
            {
                var c = collectors[i];
                tally.Actors[i] = new ActorStats(i, c.EnvSteps, c.Episodes, double.NaN, c.Epsilon, c.WeightsVersion, c.EnvErrors);
            }

            var row = interval.Row(clock.Elapsed.TotalSeconds, tally, learner, replay, collectors, faults.EvaluatorFaults);
            metrics.Append(row);
            progress.Report(row);
        }

        void Broadcast()
        {
            var snapshot = learner.Snapshot();
            foreach (var c in collectors)
            {
                c.Load(snapshot);
            }

            tally.Broadcasts++;
            lastBroadcastAt = learner.Updates;
            evaluation.Judge(snapshot, tally, () => clock.Elapsed.TotalSeconds, envSteps, environment.SolveThreshold);
            Row();
        }

        try
        {
            Broadcast();
            while (reason is null)
            {
                if (cancellation.IsCancellationRequested)
                {
                    reason = StopReasons.Interrupted;
                }
                else if (faults.GaveUp.IsCompleted)
                {
                    (reason, error) = (StopReasons.Failed, faults.GaveUp.Result);
                }
                else if (config.StopWhenSolved && tally.SolvedAtSeconds is not null)
                {
                    reason = StopReasons.Solved;
                }
                else if (config.MaxSeconds is { } seconds && clock.Elapsed.TotalSeconds >= seconds)
                {
                    reason = StopReasons.MaxSeconds;
                }
                else if (pending.TryPeek(out var batch) && limiter.CanInsert(batch.Count))
                {
                    replay.Add(pending.Dequeue());
                    limiter.OnInserted(batch.Count);
                }
                else if (replay.Count > 0 && limiter.CanSample(config.BatchSize))
                {
                    replay.Sample(config.BatchSize, sample);
                    limiter.OnSampled(sample.Count);
                    var result = learner.Train(sample, tdErrors);
                    if (!float.IsFinite(result.Loss) || !float.IsFinite(result.MeanAbsQ))
                    {
                        (reason, error) = (StopReasons.Failed, string.Create(CultureInfo.InvariantCulture, $"the loss became {result.Loss} (mean |Q| {result.MeanAbsQ}) at update {result.UpdateCount}: the network diverged"));
                        break;
                    }

                    replay.UpdatePriorities(sample.Keys.AsSpan(0, sample.Count), tdErrors.AsSpan(0, sample.Count));
                    interval.Add(result, tdErrors.AsSpan(0, sample.Count));
                    if (config.BroadcastInterval == 0 ? result.TargetSynced : result.UpdateCount - lastBroadcastAt >= config.BroadcastInterval)
                    {
                        Broadcast();
                    }
                }
                else if (pending.Count == 0 && envSteps < maxEnvSteps)
                {
                    // Every actor slot takes one vector step, in slot order, within the step budget.
                    foreach (var c in collectors)
                    {
                        if (envSteps + c.EnvCount > maxEnvSteps && envSteps > 0)
                        {
                            break;
                        }

                        c.Step();
                        envSteps += c.EnvCount;
                        if (c.BatchFull && c.TakeBatch() is { } full)
                        {
                            pending.Enqueue(full);
                        }
                    }
                }
                else if (envSteps >= maxEnvSteps)
                {
                    reason = StopReasons.MaxEnvSteps;
                }
                else
                {
                    (reason, error) = (StopReasons.Failed, "the lockstep run could neither insert, sample nor step (the samples-per-insert limiter blocks both ways)");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (reason, error) = (StopReasons.Failed, e.Message);
        }

        Row();
        var state = learner.ExportState();
        if (Array.TrueForAll(state.Online, float.IsFinite))
        {
            DqnCheckpoint.Save(directory.LastCheckpointFile, state);
            if (checkpoints.Best is null)
            {
                checkpoints.EvaluateFinal(environment, learner.Snapshot(), Seeding.ForIndex(seed, 1_000_002));
            }
        }

        if (checkpoints.Failure is { } checkpointFailure)
        {
            (reason, error) = (StopReasons.Failed, checkpointFailure);
        }

        var summary = RunSummaryBuilder.Build(config, environment, directory, tally.ProgressAt(clock.Elapsed.TotalSeconds, replay.InsertedCount, replay.Count), learner.Updates, device.Label, faults, checkpoints, reason!, error);
        directory.WriteSummary(summary);
        return summary;
    }

    /// <summary>The evaluator's part, synchronously: every broadcast version is screened and, when promising, confirmed.</summary>
    private sealed class LockstepEvaluation(EnvRegistration environment, QNetworkSpec spec, ulong seed, int episodesPerVersion, RunFaults faults, RunCheckpoints checkpoints)
    {
        private readonly QNetwork _network = new(spec, seed);
        private readonly EvaluatedWeightsTracker _tracker = new(episodesPerVersion);
        private readonly EnvironmentFaultPolicy _faultPolicy = new();
        private GreedyEpisode? _episode;
        private ulong _episodeSeed = seed;

        public void Judge(WeightSnapshot weights, RunTally tally, Func<double> seconds, long envSteps, double? threshold)
        {
            _network.LoadWeights(weights.Weights, weights.Version);
            _episode ??= new GreedyEpisode(environment, _network);
            _tracker.Begin(weights);
            while (_tracker.WantsMore && !_faultPolicy.GaveUp)
            {
                var episodeSeed = _episodeSeed++;
                double total;
                try
                {
                    (total, var length) = _episode.Play(episodeSeed);
                    _faultPolicy.Record(length, 0);
                }
                catch (EnvironmentFaultException fault)
                {
                    faults.Report("evaluator", fault, evaluator: true);
                    if (_faultPolicy.Record(Math.Max(fault.Step, 1), 1))
                    {
                        faults.GiveUp("evaluator", environment.Id, _faultPolicy);
                    }

                    continue;
                }

                tally.AddEvalEpisode(total);
                if (tally.SolvedAtSeconds is null && threshold is { } t && tally.EvalWindowFull && tally.EvalMeanReturn100 >= t)
                {
                    tally.SolvedAtSeconds = seconds();
                    tally.SolvedAtEnvSteps = envSteps;
                }

                if (_tracker.Add(total))
                {
                    checkpoints.KeepBest(_tracker.Best!);
                }
            }
        }
    }

    /// <summary>Learner figures over the updates since the last row, and the row itself.</summary>
    private sealed class IntervalFigures
    {
        private UpdateSums _sums;
        private double _trainReturnSum;
        private long _trainReturns;

        public void Add(UpdateResult result, ReadOnlySpan<float> absTdErrors) => _sums.Add(result, absTdErrors);

        public RunMetrics Row(double elapsed, RunTally tally, DqnLearner learner, PrioritizedReplay replay, ExperienceCollector[] collectors, long evaluatorErrors)
        {
            foreach (var c in collectors)
            {
                var (sum, count) = c.TakeReturns();
                _trainReturnSum += sum;
                _trainReturns += count;
            }

            var row = new RunMetrics
            {
                ElapsedSeconds = elapsed,
                EnvSteps = tally.EnvSteps,
                EnvStepsPerSecond = elapsed > 0 ? tally.EnvSteps / elapsed : 0,
                Updates = learner.Updates,
                UpdatesPerSecond = elapsed > 0 ? learner.Updates / elapsed : 0,
                TransitionsInserted = replay.InsertedCount,
                ReplaySize = replay.Count,
                SamplesPerInsert = replay.InsertedCount > 0 ? (double)replay.SampledCount / replay.InsertedCount : 0,
                EpsilonMin = collectors.Min(c => c.Epsilon),
                EpsilonMax = collectors.Max(c => c.Epsilon),
                Loss = _sums.MeanLoss,
                MeanAbsQ = _sums.MeanAbsQ,
                MeanAbsTdError = _sums.MeanAbsTdError,
                GradNorm = _sums.MeanGradNorm,
                GradClippedFraction = _sums.ClippedFraction,
                LearningRate = _sums.LearningRate,
                TargetSyncs = learner.TargetSyncs,
                TrainMeanReturn = _trainReturns > 0 ? _trainReturnSum / _trainReturns : double.NaN,
                TrainEpisodes = tally.TrainEpisodes,
                EvalMeanReturn100 = tally.EvalMeanReturn100,
                EvalEpisodes = tally.EvalEpisodes,
                WeightsVersion = learner.Updates,
                EnvErrors = tally.EnvErrors + evaluatorErrors,
            };
            (_sums, _trainReturnSum, _trainReturns) = (default, 0, 0);
            return row;
        }
    }
}
