using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>How a trial ended, as results.csv writes it.</summary>
public static class TrialStatus
{
    public const string Completed = "completed";
    public const string Solved = "solved";
    public const string Failed = "failed";

    /// <summary>Still running when the sweep's --budget-seconds ran out or Ctrl-C came.</summary>
    public const string Stopped = "stopped";

    /// <summary>Never started: the sweep's time ran out first.</summary>
    public const string NotStarted = "not-started";

    public static string PrunedAt(int rung) => $"pruned@{rung}";
}

/// <summary>One trial of a sweep, after it ended.</summary>
/// <param name="Plan">The trial's settings.</param>
/// <param name="Config">Its full configuration.</param>
/// <param name="Status">How it ended (<see cref="TrialStatus"/>).</param>
/// <param name="RungsReached">Rungs whose budget the trial reached (a completed or solved trial: all of them, plus one for the full budget).</param>
/// <param name="EnvSteps">Env steps it made.</param>
/// <param name="EvalMeanReturn100">Mean of its last ≤ 100 greedy episodes when it stopped; null before any.</param>
/// <param name="SolvedAtEnvSteps">Env steps when it solved; null when not.</param>
/// <param name="WallSeconds">Its wall time.</param>
/// <param name="RunDir">Its run directory; null when it never started.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record TrialResult(
    TrialPlan Plan,
    RunConfig Config,
    string Status,
    int RungsReached,
    long EnvSteps,
    double? EvalMeanReturn100,
    long? SolvedAtEnvSteps,
    double WallSeconds,
    string? RunDir,
    string? Error)
{
    public int Trial => Plan.Trial;
}

/// <summary>
/// Orders finished trials, best first: solved trials (fewer env steps to solve first), then the others by how
/// far they got (a trial that reached a later rung saw more data than one pruned early, so its score is not
/// comparable downwards), then by eval mean (no eval last); failed and never-started trials last.
/// </summary>
public static class TrialRanking
{
    public static IReadOnlyList<TrialResult> Rank(IEnumerable<TrialResult> results) =>
        [.. results
            .OrderBy(r => r.Status is TrialStatus.Failed or TrialStatus.NotStarted)
            .ThenByDescending(r => r.Status == TrialStatus.Solved)
            .ThenBy(r => r.Status == TrialStatus.Solved ? r.SolvedAtEnvSteps ?? long.MaxValue : 0)
            .ThenByDescending(r => r.RungsReached)
            .ThenByDescending(r => r.EvalMeanReturn100 ?? double.NegativeInfinity)
            .ThenBy(r => r.Trial)];

    /// <summary>The best trial that ran to a result; null when every trial failed or none started.</summary>
    public static TrialResult? Best(IReadOnlyList<TrialResult> ranked) =>
        ranked.FirstOrDefault(r => r.Status is not (TrialStatus.Failed or TrialStatus.NotStarted));
}
