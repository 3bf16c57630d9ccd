using Flock.Actors.Run;

namespace Flock.Actors.Tests.Doctor.Support;

/// <summary>
/// Metrics rows of a default CartPole run that learns steadily and has not solved yet (greedy mean 10 → 280 of 475):
/// nothing in it is wrong, so a test changes one thing and sees one rule respond. Row 0 is before the first update.
/// </summary>
internal static class LearningCurve
{
    public const int RowCount = 10;

    public static List<RunMetrics> Rows(int count = RowCount) => Enumerable.Range(0, count).Select(Row).ToList();

    /// <summary>The rows with <paramref name="change"/> applied to each (row, index).</summary>
    public static List<RunMetrics> With(this IEnumerable<RunMetrics> rows, Func<RunMetrics, int, RunMetrics> change) => rows.Select(change).ToList();

    /// <summary>The rows with <paramref name="change"/> applied to the learning rows (index ≥ 1) only.</summary>
    public static List<RunMetrics> Learning(this IEnumerable<RunMetrics> rows, Func<RunMetrics, int, RunMetrics> change) =>
        rows.Select((r, i) => i == 0 ? r : change(r, i)).ToList();

    private static RunMetrics Row(int i)
    {
        var learning = i > 0;
        return new RunMetrics
        {
            ElapsedSeconds = i + 1,
            EnvSteps = i * 20_000L,
            EnvStepsPerSecond = 20_000,
            Updates = i * 1_200L,
            UpdatesPerSecond = learning ? 1_200 : 0,
            TransitionsInserted = i * 20_000L,
            ReplaySize = Math.Min(100_000, i * 20_000),
            SamplesPerInsert = learning ? 7.5 : 0,
            EpsilonMin = 0.000655,
            EpsilonMax = 0.4,
            Loss = learning ? 0.05 : double.NaN,
            MeanAbsQ = learning ? 5 * i : double.NaN,
            MeanAbsTdError = learning ? 1 : double.NaN,
            GradNorm = learning ? 0.1 : double.NaN,
            GradClippedFraction = learning ? 0 : double.NaN,
            LearningRate = learning ? 1e-3 : double.NaN,
            TargetSyncs = i * 1_200L / 250,
            TrainMeanReturn = 10 + (20 * i),
            TrainEpisodes = i * 100L,
            NonZeroRewardFraction = learning ? 1 : double.NaN,
            EvalMeanReturn100 = 10 + (30 * i),
            EvalEpisodes = i * 60L,
            WeightsVersion = i * 1_200L,
            WeightsVersionLagMax = 100,
        };
    }
}
