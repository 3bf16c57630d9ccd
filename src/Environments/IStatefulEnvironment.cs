namespace Flock.Environments;

/// <summary>
/// An environment whose internal state can be read and replaced, for parity tests against Gymnasium and for
/// debugging. The state is float64, as Gymnasium keeps it (<c>env.unwrapped.state</c>), even where the
/// observation is float32.
/// </summary>
public interface IStatefulEnvironment : IEnvironment
{
    /// <summary>The current internal state; valid until the next call on the environment.</summary>
    ReadOnlySpan<double> State { get; }

    /// <summary>
    /// Replaces the internal state (same length and meaning as <see cref="State"/>). It does not start a new
    /// episode: call it after <see cref="IEnvironment.Reset"/> to start from a chosen state.
    /// </summary>
    /// <exception cref="ArgumentException">The state has the wrong length.</exception>
    void SetState(ReadOnlySpan<double> state);

    /// <summary>Writes the observation of the current state, as <see cref="IEnvironment.Reset"/> would.</summary>
    void Observe(Span<float> observation);
}
