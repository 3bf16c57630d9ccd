namespace Flock.Environments;

/// <summary>
/// Ends an episode as truncated after <see cref="MaxEpisodeSteps"/> steps, like Gymnasium's <c>TimeLimit</c>:
/// step number MaxEpisodeSteps reports <see cref="StepResult.Truncated"/> (together with Terminated if the task
/// also ended there). Truncation is not termination: learners still bootstrap from the last observation.
/// </summary>
public sealed class TimeLimitWrapper : EnvironmentWrapper
{
    private int _elapsedSteps;

    public TimeLimitWrapper(IEnvironment inner, int maxEpisodeSteps)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeSteps, 1);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps => _elapsedSteps;

    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        Inner.Reset(observation, seed);
        _elapsedSteps = 0;
    }

    public override StepResult Step(int action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        _elapsedSteps++;
        return _elapsedSteps >= MaxEpisodeSteps ? result with { Truncated = true } : result;
    }
}
