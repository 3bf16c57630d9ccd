using Flock.Actors.Doctor;
using Flock.Actors.Run;
using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>
/// A column that is in the header but empty in every row (a hand-made or damaged metrics.csv, a learner that never
/// reported the figure): a rule that needs it says it could not judge, naming the column, and no rule throws.
/// </summary>
public sealed class EmptyColumnTests
{
    public static TheoryData<string, string> RulesAndTheirColumns => new()
    {
        { "q-divergence", MetricsColumns.MeanAbsQ },
        { "grad-clip-ineffective", MetricsColumns.GradNorm },
        { "grad-clip-saturated", MetricsColumns.GradClippedFraction },
        { "grad-clip-saturated", MetricsColumns.GradNorm },
        { "learning-stalled", MetricsColumns.MeanAbsTdError },
        { "learning-stalled", MetricsColumns.GradNorm },
        { "target-sync-too-frequent", MetricsColumns.TargetSyncs },
        { "target-sync-too-rare", MetricsColumns.TargetSyncs },
        { "target-sync-too-rare", MetricsColumns.Updates },
        { "epsilon-too-low", MetricsColumns.EpsilonMax },
        { "epsilon-too-high", MetricsColumns.EpsilonMin },
        { "stale-weights", MetricsColumns.WeightsVersionLagMax },
    };

    /// <summary>
    /// Every rule can reach the column: an interval of 10 is too frequent, every update clipped makes grad-clip-saturated
    /// look at the norms, and the run does not solve.
    /// </summary>
    private static readonly RunConfig Config = new() { TargetUpdateInterval = 10 };

    [Theory]
    [MemberData(nameof(RulesAndTheirColumns))]
    public void A_rule_whose_column_is_empty_is_not_judged_and_names_the_column(string ruleId, string column)
    {
        var rows = LearningCurve.Rows().Learning((r, _) => r with { GradClippedFraction = 1 });

        var verdict = RunDoctor.Diagnose(RecordedRun.Load(rows, Config, editCsv: RecordedRun.BlankColumn(column))).Verdict(ruleId);

        Assert.False(verdict.Judged, $"{ruleId} judged a run without '{column}': {verdict.Finding?.ToString() ?? "healthy"}");
        Assert.Contains($"metrics.csv's '{column}' column has no value", verdict.NotJudgedReason);
    }

    [Fact]
    public void Any_one_empty_column_leaves_every_rule_with_a_verdict()
    {
        var columns = typeof(MetricsColumns).GetFields().Select(f => (string)f.GetValue(null)!);
        foreach (var config in new[] { new RunConfig(), Config, new RunConfig { Exploration = ExplorationKind.Decay } })
        {
            foreach (var column in columns)
            {
                var run = RecordedRun.Load(LearningCurve.Rows(), config, editCsv: RecordedRun.BlankColumn(column));
                var exception = Record.Exception(() => RunDoctor.Diagnose(run));
                Assert.True(exception is null, $"'{column}' empty, {config.Exploration} exploration, target interval {config.TargetUpdateInterval}: {exception}");
            }
        }
    }
}
