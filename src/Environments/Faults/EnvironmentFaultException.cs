namespace Flock.Environments;

/// <summary>
/// An environment misbehaved: it threw, or produced a NaN or infinite observation or reward. Raised by
/// <see cref="VectorEnv"/> and <see cref="FaultCheckWrapper"/> with enough context to find the episode
/// again; the actor layer counts these and carries on (see <see cref="VectorEnv.Step"/> for the state the
/// vector is left in).
/// </summary>
public sealed class EnvironmentFaultException : Exception
{
    public EnvironmentFaultException(
        string envId,
        int envIndex,
        long episode,
        int step,
        EnvironmentFaultKind kind,
        string detail,
        Exception? innerException = null)
        : base(FormatMessage(envId, envIndex, episode, step, detail), innerException)
    {
        EnvId = envId;
        EnvIndex = envIndex;
        Episode = episode;
        Step = step;
        Kind = kind;
        Detail = detail;
    }

    /// <summary>Registered id of the environment, e.g. <c>CartPole-v1</c>.</summary>
    public string EnvId { get; }

    /// <summary>Index of the environment inside its <see cref="VectorEnv"/>; -1 for a single environment.</summary>
    public int EnvIndex { get; }

    /// <summary>0-based episode number of that environment since it was last reset with a seed.</summary>
    public long Episode { get; }

    /// <summary>1-based step within the episode that faulted; 0 means the reset that starts the episode.</summary>
    public int Step { get; }

    public EnvironmentFaultKind Kind { get; }

    /// <summary>The fault itself, e.g. "observation[2] is NaN".</summary>
    public string Detail { get; }

    /// <summary>
    /// Describes a non-finite observation element or reward, or null when everything is finite. Kept here so
    /// that every checker words faults the same way.
    /// </summary>
    internal static (EnvironmentFaultKind Kind, string Detail)? FindNonFinite(ReadOnlySpan<float> observation, float reward)
    {
        for (var i = 0; i < observation.Length; i++)
        {
            if (!float.IsFinite(observation[i]))
            {
                return (EnvironmentFaultKind.NonFiniteObservation, $"observation[{i}] is {observation[i]}");
            }
        }

        return float.IsFinite(reward) ? null : (EnvironmentFaultKind.NonFiniteReward, $"reward is {reward}");
    }

    internal static string ThrewDetail(Exception exception) =>
        $"it threw {exception.GetType().Name}: {exception.Message}";

    private static string FormatMessage(string envId, int envIndex, long episode, int step, string detail)
    {
        var where = envIndex >= 0 ? $"Environment '{envId}' (vector index {envIndex})" : $"Environment '{envId}'";
        var when = step == 0 ? $"episode {episode}, reset" : $"episode {episode}, step {step}";
        return $"{where} faulted at {when}: {detail}";
    }
}
