namespace Flock.Environments;

/// <summary>
/// Base of the wrappers: forwards everything to <see cref="Inner"/>, so a wrapper overrides only what it
/// changes. Like Gymnasium's <c>Wrapper</c>, wrappers nest and <see cref="Unwrapped"/> reaches the core.
/// </summary>
public abstract class EnvironmentWrapper : IEnvironment
{
    protected EnvironmentWrapper(IEnvironment inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The environment this wrapper wraps (possibly another wrapper).</summary>
    public IEnvironment Inner { get; }

    /// <summary>The innermost environment, below every wrapper.</summary>
    public IEnvironment Unwrapped => Unwrap(Inner);

    public virtual Box ObservationSpace => Inner.ObservationSpace;

    public virtual Discrete ActionSpace => Inner.ActionSpace;

    /// <summary>Peels every <see cref="EnvironmentWrapper"/> off <paramref name="environment"/>.</summary>
    public static IEnvironment Unwrap(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        while (environment is EnvironmentWrapper wrapper)
        {
            environment = wrapper.Inner;
        }

        return environment;
    }

    public virtual void Reset(Span<float> observation, ulong? seed = null) => Inner.Reset(observation, seed);

    public virtual StepResult Step(int action, Span<float> observation) => Inner.Step(action, observation);
}
