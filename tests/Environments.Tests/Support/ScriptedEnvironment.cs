namespace Flock.Environments.Tests.Support;

/// <summary>
/// A transparent test environment: observation (seedTag, episode, step), reward = step number, terminating
/// after <see cref="EpisodeLength"/> steps, and faults injected on request.
/// </summary>
internal sealed class ScriptedEnvironment : IEnvironment
{
    private long _episode = -1;
    private int _step;

    public static readonly Box Space = Box.Vector(3, float.NegativeInfinity, float.PositiveInfinity);

    public int EpisodeLength { get; init; } = 3;

    /// <summary>(episode, step) at which Step writes NaN into observation[1]; step 0 means the reset.</summary>
    public (long Episode, int Step)? NaNObservationAt { get; set; }

    /// <summary>(episode, step) at which Step returns an infinite reward.</summary>
    public (long Episode, int Step)? InfiniteRewardAt { get; set; }

    /// <summary>(episode, step) at which Step (or Reset, for step 0) throws.</summary>
    public (long Episode, int Step)? ThrowAt { get; set; }

    public ulong? LastSeed { get; private set; }

    public int Resets { get; private set; }

    public Box ObservationSpace => Space;

    public Discrete ActionSpace { get; } = new(2);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        Resets++;
        _episode++;
        _step = 0;
        if (seed is not null)
        {
            LastSeed = seed;
        }

        if (ThrowAt == (_episode, 0))
        {
            throw new InvalidOperationException($"scripted reset failure in episode {_episode}");
        }

        Write(observation);
        if (NaNObservationAt == (_episode, 0))
        {
            observation[1] = float.NaN;
        }
    }

    public StepResult Step(int action, Span<float> observation)
    {
        _step++;
        if (ThrowAt == (_episode, _step))
        {
            throw new InvalidOperationException($"scripted step failure in episode {_episode}");
        }

        Write(observation);
        if (NaNObservationAt == (_episode, _step))
        {
            observation[1] = float.NaN;
        }

        var reward = InfiniteRewardAt == (_episode, _step) ? float.PositiveInfinity : _step;
        return new StepResult(reward, _step >= EpisodeLength, false);
    }

    private void Write(Span<float> observation)
    {
        observation[0] = (float)((LastSeed ?? 0) % 1000);
        observation[1] = _episode;
        observation[2] = _step;
    }
}
