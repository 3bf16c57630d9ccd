using System.Globalization;
using System.Text.Json;
using Flock.Actors.Roles;
using Flock.Actors.Run;

namespace Flock.Actors.Cli;

/// <summary>
/// How a run ends on the command line, the same for <c>train</c> and <c>learner</c>: the outcome on stderr,
/// then the summary JSON (with <c>--json</c>) or the run directory as the last line of stdout.
/// </summary>
public static class RunSummaryOutput
{
    /// <summary>Writes the summary and returns the exit code: 1 when the run failed, else 0.</summary>
    public static int Write(RunSummary summary, bool json)
    {
        if (summary.Error is { } error)
        {
            Console.Error.WriteLine($"flockrl: the run failed: {error}");
            Console.Error.WriteLine($"flockrl: checkpoint, metrics and summary were still written to {summary.RunDir}");
        }

        var checkpoint = summary.CheckpointWeightsVersion is { } version
            ? string.Create(CultureInfo.InvariantCulture, $"; checkpoint.bin: weights version {version:N0}, mean {summary.CheckpointEvalMeanReturn:0.###} over its own 100 greedy episodes")
            : "";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"flockrl: {summary.Env} {Outcome(summary)}; eval mean (last 100) {summary.EvalMeanReturn100:0.###}; {summary.EnvSteps:N0} env steps, {summary.Updates:N0} updates in {summary.WallSeconds:0.0} s; stop: {summary.StopReason}{checkpoint}"));
        Console.Out.WriteLine(json ? JsonSerializer.Serialize(summary) : summary.RunDir);
        return summary.StopReason == StopReasons.Failed ? ExitCodes.RuntimeFailure : ExitCodes.Success;
    }

    /// <summary>Solved and still solved at the end; or reached the threshold, then fell back (said so); or not solved.</summary>
    public static string Outcome(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (!summary.Solved)
        {
            return "not solved";
        }

        var reached = string.Create(CultureInfo.InvariantCulture, $"{summary.SolvedAtSeconds:0.0} s ({summary.SolvedAtEnvSteps:N0} env steps)");
        return summary.SolvedAtEnd
            ? $"solved in {reached}"
            : string.Create(CultureInfo.InvariantCulture, $"reached {summary.SolveThreshold:0.###} at {reached}, then fell to {summary.FinalEvalMeanReturn:0.###}: not solved at the end");
    }
}
