namespace Flock.Environments;

/// <summary>What went wrong in a faulted environment step or reset.</summary>
public enum EnvironmentFaultKind
{
    /// <summary>An observation element was NaN or infinite.</summary>
    NonFiniteObservation,

    /// <summary>The reward was NaN or infinite.</summary>
    NonFiniteReward,

    /// <summary>The environment threw; the exception is the inner exception.</summary>
    Threw,
}
