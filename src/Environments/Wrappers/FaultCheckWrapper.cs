namespace Flock.Environments;

/// <summary>
/// Checks every observation and reward of a single environment and turns NaN, infinity and exceptions into
/// an <see cref="EnvironmentFaultException"/> naming the environment, episode and step. <see cref="VectorEnv"/>
/// does the same checks itself; this wrapper is for environments used on their own.
/// </summary>
public sealed class FaultCheckWrapper : EnvironmentWrapper
{
    private readonly string _envId;
    private long _episode = -1;
    private int _step;

    public FaultCheckWrapper(IEnvironment inner, string envId)
        : base(inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(envId);
        _envId = envId;
    }

    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        _episode = seed is null ? _episode + 1 : 0;
        _step = 0;
        try
        {
            Inner.Reset(observation, seed);
        }
        catch (Exception exception) when (exception is not EnvironmentFaultException)
        {
            throw Fault(EnvironmentFaultKind.Threw, EnvironmentFaultException.ThrewDetail(exception), exception);
        }

        Check(observation[..ObservationSpace.Size], 0f);
    }

    public override StepResult Step(int action, Span<float> observation)
    {
        // A bad action is the caller's bug, not the environment's fault: let it through unwrapped.
        ActionSpace.Validate(action);
        _step++;
        StepResult result;
        try
        {
            result = Inner.Step(action, observation);
        }
        catch (Exception exception) when (exception is not EnvironmentFaultException)
        {
            throw Fault(EnvironmentFaultKind.Threw, EnvironmentFaultException.ThrewDetail(exception), exception);
        }

        Check(observation[..ObservationSpace.Size], result.Reward);
        return result;
    }

    private void Check(ReadOnlySpan<float> observation, float reward)
    {
        if (EnvironmentFaultException.FindNonFinite(observation, reward) is { } fault)
        {
            throw Fault(fault.Kind, fault.Detail, null);
        }
    }

    private EnvironmentFaultException Fault(EnvironmentFaultKind kind, string detail, Exception? inner) =>
        new(_envId, -1, Math.Max(_episode, 0), _step, kind, detail, inner);
}
