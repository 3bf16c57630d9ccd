using Flock.Actors.Cli;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Doctor;

/// <summary>What the diagnosis knows of the run's environment: its solve threshold and time limit, and where they came from.</summary>
/// <param name="SolveThreshold">Mean return that counts as solved; null when unknown.</param>
/// <param name="MaxEpisodeSteps">Time limit of an episode; null when unknown (rules then use the observed episodes).</param>
/// <param name="Source">Where the figures came from, for the report.</param>
public sealed record EnvironmentFacts(double? SolveThreshold, int? MaxEpisodeSteps, string Source)
{
    /// <summary>
    /// From the environment registry (built-ins and the run's <c>--env-assembly</c>); when the environment cannot be
    /// loaded here (a custom assembly that moved), from summary.json's threshold, with a note saying so.
    /// </summary>
    public static EnvironmentFacts Resolve(RunConfig config, RunSummary? summary, ICollection<string> notes)
    {
        string? problem;
        try
        {
            if (EnvironmentCatalog.TryFind(config.Env, config.EnvAssembly, out problem) is { } registration)
            {
                return new EnvironmentFacts(registration.SolveThreshold, registration.MaxEpisodeSteps, "environment registry");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A user assembly that loads but breaks while registering (say, a constructor that throws here) must not
            // keep its run from being diagnosed: the doctor has its metrics.
            problem = e.Message;
        }

        notes.Add($"environment {config.Env} is not loadable here ({problem}): the solve threshold comes from summary.json" +
            (summary?.SolveThreshold is null ? " (none recorded)" : "") + ", the return scale and episode length from the run's own episodes");
        return new EnvironmentFacts(summary?.SolveThreshold, null, "summary.json and observed episodes");
    }
}
