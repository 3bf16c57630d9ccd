using Flock.Actors.Roles;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Shared.Configuration;

namespace Flock.Actors.Run;

/// <summary>
/// The summary of a run from where it stands (<see cref="RunProgress"/>, over every session of a resumed run) and
/// what its parts counted; the same for an actor run, a periodic save and a deterministic run.
/// </summary>
public static class RunSummaryBuilder
{
    /// <param name="config">The run's configuration.</param>
    /// <param name="environment">Its environment.</param>
    /// <param name="directory">Its run directory.</param>
    /// <param name="progress">Where the run stands: counters, elapsed time, the solve and the evaluation window.</param>
    /// <param name="updates">Learner updates.</param>
    /// <param name="device">What the learner trains on (<see cref="Flock.Learner.Gpu.ComputeDevice.Label"/>).</param>
    /// <param name="faults">The run's environment faults (the evaluator's are added to the count), or null.</param>
    /// <param name="checkpoints">The run's checkpoint.bin keeper, or null.</param>
    /// <param name="reason">The stop reason.</param>
    /// <param name="error">What failed, or null.</param>
    public static RunSummary Build(
        RunConfig config, EnvRegistration environment, RunDirectory directory, RunProgress progress, long updates, string device,
        RunFaults? faults, RunCheckpoints? checkpoints, string reason, string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(progress);
        var wall = progress.ElapsedSeconds;
        var window = progress.EvalWindow.TakeLast(RunTally.EvalWindowSize).ToArray();
        double? finalMean = window.Length > 0 ? window.Average() : null;
        var best = checkpoints?.Best;
        return new RunSummary
        {
            Env = config.Env,
            Seed = config.Seed,
            Solved = progress.SolvedAtSeconds is not null,
            SolveThreshold = environment.SolveThreshold,
            SolvedAtSeconds = progress.SolvedAtSeconds,
            SolvedAtEnvSteps = progress.SolvedAtEnvSteps,
            EvalMeanReturn100 = finalMean,
            EvalEpisodes = progress.EvalEpisodes,
            TrainEpisodes = progress.TrainEpisodes,
            EnvSteps = progress.EnvSteps,
            Updates = updates,
            TransitionsInserted = progress.TransitionsInserted,
            WeightBroadcasts = progress.WeightBroadcasts,
            WallSeconds = wall,
            EnvStepsPerSecond = wall > 0 ? progress.EnvSteps / wall : 0,
            UpdatesPerSecond = wall > 0 ? updates / wall : 0,
            Device = device,
            EnvErrors = progress.EnvErrors + (faults?.EvaluatorFaults ?? 0),
            EnvErrorSites = faults is null ? [] : [.. faults.Sites.Sites.Select(site => new EnvErrorSite(site.Count, site.First.Message))],
            SolvedAtEnd = environment.SolveThreshold is { } threshold && window.Length >= RunTally.EvalWindowSize && finalMean >= threshold,
            FinalEvalMeanReturn = finalMean,
            CheckpointWeightsVersion = best?.Weights.Version,
            CheckpointEvalMeanReturn = best?.MeanReturn,
            StopReason = reason,
            Error = error,
            RunDir = directory.Path,
        };
    }
}
