using Flock.Actors.Report;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Doctor;

/// <summary>
/// What a run left behind, as the rules read it: the configuration, the metrics rows (by column, NaN where a cell is
/// empty or the column was not recorded), the summary when there is one, and the environment's threshold and time limit.
/// </summary>
public sealed class RunRecord
{
    /// <summary>
    /// Learning rows a trend rule needs: with three, a typical level (the median) is not decided by the first interval,
    /// which is always unusual (an untrained network, few updates), nor by the last, which may be a fraction of one.
    /// </summary>
    public const int TrendRows = 3;

    private readonly Lazy<RunReturns> _returns;
    private readonly Lazy<double> _medianUpdatesPerSecond;

    public RunRecord(string directory, RunConfig config, MetricsSeries metrics, RunSummary? summary, EnvironmentFacts environment, IReadOnlyList<string> notes)
    {
        Directory = directory;
        Config = config;
        Metrics = metrics;
        Summary = summary;
        Environment = environment;
        Notes = notes;
        LearningRows = FindLearningRows();
        _returns = new Lazy<RunReturns>(() => new RunReturns(this));
        // Several rules ask for it; over millions of rows a median is worth computing once.
        _medianUpdatesPerSecond = new Lazy<double>(() => Statistics.Median(Finite(MetricsColumns.UpdatesPerSecond, LearningRows).Select(r => r.Value)));
    }

    /// <summary>The run directory as the user named it.</summary>
    public string Directory { get; }

    public RunConfig Config { get; }

    public MetricsSeries Metrics { get; }

    public RunSummary? Summary { get; }

    public EnvironmentFacts Environment { get; }

    /// <summary>What the reader had to assume (no summary, an environment not loadable here).</summary>
    public IReadOnlyList<string> Notes { get; }

    public int Rows => Metrics.Rows;

    /// <summary>Rows in which the learner reported updates (finite loss), in order: where learning figures exist.</summary>
    public IReadOnlyList<int> LearningRows { get; }

    /// <summary>The returns and how they moved: scale, baseline, best, final, solved.</summary>
    public RunReturns Returns => _returns.Value;

    /// <summary>A cluster run (<c>flockrl learner</c>): actor nodes reported in the metrics.</summary>
    public bool IsCluster => Finite(MetricsColumns.Nodes, Enumerable.Range(0, Rows)).Any();

    /// <summary>Environment actors of the run: the configured count locally, the most the nodes ever had in a cluster.</summary>
    public int ActorCount => IsCluster && Finite(MetricsColumns.NodeActors, Enumerable.Range(0, Rows)).Select(r => r.Value).DefaultIfEmpty().Max() is var most and > 0
        ? (int)most
        : Config.Actors;

    /// <summary>The learner's typical pace: the median updates/s of the learning rows (NaN without any).</summary>
    public double MedianUpdatesPerSecond => _medianUpdatesPerSecond.Value;

    public double Value(string column, int row) => Metrics.Get(column) is { } values ? values[row] : double.NaN;

    /// <summary>The last finite value of the column, with its row; null when there is none.</summary>
    public (int Row, double Value)? Last(string column) => Finite(column, Enumerable.Range(0, Rows)).Select(r => ((int, double)?)r).LastOrDefault();

    /// <summary>The rows among <paramref name="rows"/> where the column holds a finite value.</summary>
    public IEnumerable<(int Row, double Value)> Finite(string column, IEnumerable<int> rows)
    {
        // The column is looked up once, not once a row: rules walk millions of rows through here.
        var values = Metrics.Get(column);
        return values is null ? [] : rows.Select(r => (Row: r, Value: values[r])).Where(r => double.IsFinite(r.Value));
    }

    public RowRef At(int row) => new(row + 2, Value(MetricsColumns.ElapsedSeconds, row), (long)Value(MetricsColumns.EnvSteps, row));

    /// <summary>Why a rule cannot judge without these columns (a run from an older Flock), or null when all are there.</summary>
    public string? Missing(params string[] columns) =>
        columns.FirstOrDefault(c => Metrics.Get(c) is null) is { } missing ? $"metrics.csv has no '{missing}' column (a run from an older Flock)" : null;

    /// <summary>Why a trend rule cannot judge a run this short, or null when it has at least <paramref name="needed"/> learning rows.</summary>
    public string? TooShort(int needed) => LearningRows.Count >= needed
        ? null
        : $"needs {needed} metrics rows with learner updates, the run has {LearningRows.Count} (a longer run, or a smaller --metrics-interval-seconds, gives more)";

    /// <summary>
    /// Why a rule cannot judge from a column the run has but left empty where the rule looks (every cell blank: a
    /// hand-made or damaged file, or a learner that never reported the figure).
    /// </summary>
    public static string NoValues(string column, string where = "the learning rows") => $"metrics.csv's '{column}' column has no value in {where}";

    /// <summary>Why a rule needing these columns and this many learning rows cannot judge the run, or null when it can.</summary>
    public string? CannotJudge(int learningRows, params string[] columns) => Missing(columns) ?? TooShort(learningRows);

    private int[] FindLearningRows()
    {
        var all = Enumerable.Range(0, Rows);
        return Metrics.Get(MetricsColumns.Loss) is not null
            ? Finite(MetricsColumns.Loss, all).Select(r => r.Row).ToArray()
            : Finite(MetricsColumns.Updates, all).Where(r => r.Value > 0).Select(r => r.Row).ToArray();
    }
}
