using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Bench;

/// <summary>
/// A long run directory made up for the tools bench: config.json and metrics.csv written by the run's own writers
/// (<see cref="RunDirectory"/>, <see cref="MetricsCsvWriter"/>: the real header, every column, the real number
/// format), and a summary.json, with rows shaped like a CartPole run that learns slowly and never solves (a day
/// at 1 row/s is 86 K rows; 2 M rows is what a run with a small metrics interval leaves after weeks). Every value
/// comes from a fixed seed, so two runs of the bench read the same file.
/// </summary>
public static class SyntheticRun
{
    /// <summary>Writes <paramref name="rows"/> rows into the new directory <paramref name="path"/> and returns it.</summary>
    public static string Write(string path, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var config = new RunConfig { Out = path, MetricsIntervalSeconds = 1 };
        using var directory = RunDirectory.Create(config, DateTime.UtcNow);
        using (var writer = new MetricsCsvWriter(directory.MetricsFile))
        {
            foreach (var row in Rows(rows))
            {
                writer.Append(row);
            }
        }

        directory.WriteSummary(new RunSummary
        {
            Env = config.Env,
            Seed = config.Seed,
            SolveThreshold = 475,
            EnvSteps = rows * 1000L,
            StopReason = "max-env-steps",
            RunDir = directory.Path,
        });
        return directory.Path;
    }

    /// <summary>The rows: one a second, learning figures from the second row on, a greedy mean rising towards 300.</summary>
    public static IEnumerable<RunMetrics> Rows(int count)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var progress = (double)i / count;
            var learning = i > 0;
            yield return new RunMetrics
            {
                ElapsedSeconds = (i + 1) * 1.0003,
                EnvSteps = (i + 1) * 1000L,
                EnvStepsPerSecond = 1000 + (50 * random.NextDouble()),
                Updates = i * 120L,
                UpdatesPerSecond = 120 + (10 * random.NextDouble()),
                TransitionsInserted = (i + 1) * 1000L,
                ReplaySize = (int)Math.Min(100_000, (i + 1) * 1000L),
                SamplesPerInsert = 4 + random.NextDouble(),
                EpsilonMin = Math.Max(0.01, 0.4 * (1 - (10 * progress))),
                EpsilonMax = Math.Max(0.05, 0.4 * (1 - (5 * progress))),
                Loss = learning ? 0.5 + random.NextDouble() : double.NaN,
                MeanAbsQ = learning ? 20 + (10 * progress) + random.NextDouble() : double.NaN,
                MeanAbsTdError = learning ? 0.3 + (0.2 * random.NextDouble()) : double.NaN,
                GradNorm = learning ? 2 + random.NextDouble() : double.NaN,
                GradClippedFraction = learning ? 0.05 * random.NextDouble() : double.NaN,
                LearningRate = 0.0005,
                TargetSyncs = i / 10,
                TrainMeanReturn = 20 + (250 * progress) + (30 * random.NextDouble()),
                TrainEpisodes = i * 4L,
                NonZeroRewardFraction = 1,
                EvalMeanReturn100 = i < 5 ? double.NaN : 25 + (275 * progress) + (20 * random.NextDouble()),
                EvalEpisodes = i * 2L,
                WeightsVersion = i * 120L,
                WeightsVersionLagMax = random.Next(0, 3),
                ReplayMailboxDepth = random.Next(0, 4),
                LearnerMailboxDepth = random.Next(0, 2),
                EnvMailboxDepthMax = random.Next(0, 8),
                EnvSteppingSeconds = i * 0.31,
                EnvInferenceSeconds = i * 1.12,
                EnvBatchingSeconds = i * 0.18,
                EnvSendingSeconds = i * 0.02,
                ReplayInsertSeconds = i * 0.05,
                ReplaySampleSeconds = i * 0.07,
                LearnerUpdateSeconds = i * 0.83,
                LearnerBroadcastSeconds = i * 0.01,
            };
        }
    }
}
