using System.Globalization;

namespace Flock.Actors.Run;

/// <summary>
/// Says when the environment itself is what limits a run: when stepping it takes at least half of the
/// environment actors' time (the rest being inference, n-step batching and sending), a faster network or
/// replay would not help, and the user should know that their environment is the bottleneck.
/// </summary>
public static class EnvironmentBottleneck
{
    /// <summary>Share of the actors' time spent stepping at which the environment counts as the bottleneck.</summary>
    public const double Share = 0.5;

    /// <summary>"the environment: stepping is 97% of the actors' time, 1.02 ms a step"; null when it is not the bottleneck (or nothing was measured).</summary>
    public static string? Describe(RunMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var total = metrics.EnvSteppingSeconds + metrics.EnvInferenceSeconds + metrics.EnvBatchingSeconds + metrics.EnvSendingSeconds;
        if (!(total > 0) || metrics.EnvSteps <= 0 || metrics.EnvSteppingSeconds / total < Share)
        {
            return null;
        }

        // Each actor's stepping time covers its own environments, so this is the time a step costs its thread.
        var perStep = metrics.EnvSteppingSeconds / metrics.EnvSteps;
        var cost = perStep >= 1e-3 ? $"{perStep * 1e3:0.##} ms" : $"{perStep * 1e6:0.#} µs";
        return string.Create(CultureInfo.InvariantCulture, $"the environment: stepping is {metrics.EnvSteppingSeconds / total * 100:0}% of the actors' time, {cost} a step");
    }
}
