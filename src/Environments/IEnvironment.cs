namespace Flock.Environments;

/// <summary>
/// A reinforcement-learning environment with Gymnasium semantics and a discrete action space, the kind DQN
/// trains on. Observations are written into the caller's span (never returned as new arrays) so stepping
/// allocates nothing.
/// </summary>
/// <remarks>
/// An episode starts with <see cref="Reset"/> and ends at the first step whose result is
/// <see cref="StepResult.Terminated"/> or <see cref="StepResult.Truncated"/>; stepping after that without a
/// reset is undefined (the built-ins keep going like Gymnasium's do). Instances are not thread-safe: one
/// environment belongs to one thread at a time.
/// </remarks>
public interface IEnvironment
{
    /// <summary>Shape and bounds of the observations; <see cref="Box.Size"/> floats per observation.</summary>
    Box ObservationSpace { get; }

    /// <summary>The actions <see cref="Step"/> accepts: 0 .. n-1.</summary>
    Discrete ActionSpace { get; }

    /// <summary>Starts a new episode and writes its first observation.</summary>
    /// <param name="observation">At least <see cref="Box.Size"/> floats.</param>
    /// <param name="seed">
    /// When given, reseeds the environment's generator first (<see cref="FlockRandom"/>), so the same seed
    /// gives the same episode; when null the generator continues where it was, so a sequence of resets after
    /// one seeded reset is still reproducible.
    /// </param>
    void Reset(Span<float> observation, ulong? seed = null);

    /// <summary>Applies <paramref name="action"/> and writes the next observation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The action is outside <see cref="ActionSpace"/>.</exception>
    StepResult Step(int action, Span<float> observation);
}
