using Flock.Actors.Run;
using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Doctor;

/// <summary>What the diagnosis knows of the run's environment: its solve threshold and time limit, and where they came from.</summary>
/// <param name="SolveThreshold">Mean return that counts as solved; null when unknown.</param>
/// <param name="MaxEpisodeSteps">Time limit of an episode; null when unknown (rules then use the observed episodes).</param>
/// <param name="ThresholdSource">Where the threshold came from, as the return scale's source names it.</param>
public sealed record EnvironmentFacts(double? SolveThreshold, int? MaxEpisodeSteps, string ThresholdSource)
{
    /// <summary>Why the doctor reads no environment assembly, for the note and the return scale's source.</summary>
    public const string NoAssemblies = "the doctor loads no --env-assembly, since that would run the code of whoever made the run";

    /// <summary>
    /// From the built-in environments only: the run's <c>--env-assembly</c> is never loaded, because diagnosing a run
    /// directory (perhaps someone else's) must not run its code. Any other environment gets summary.json's threshold,
    /// and the rules take the episode length from the episodes the run saw, with a note saying so.
    /// </summary>
    public static EnvironmentFacts Resolve(RunConfig config, RunSummary? summary, ICollection<string> notes)
    {
        if (EnvRegistry.CreateWithBuiltIns().TryGet(config.Env, out var builtIn))
        {
            return new EnvironmentFacts(builtIn.SolveThreshold, builtIn.MaxEpisodeSteps, "the solve threshold");
        }

        notes.Add($"environment {config.Env} is not built in and {NoAssemblies}: the solve threshold comes from summary.json" +
            (summary?.SolveThreshold is null ? " (none recorded)" : "") + ", the return scale and episode length from the run's own episodes");
        return new EnvironmentFacts(summary?.SolveThreshold, null, "the solve threshold recorded in summary.json: the doctor loads no --env-assembly");
    }
}
