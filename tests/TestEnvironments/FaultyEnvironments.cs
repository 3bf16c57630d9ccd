using Flock.Environments;

namespace Flock.TestEnvironments;

/// <summary>CartPole whose every instance throws once in <see cref="Period"/> of its steps: a rare bug that a run must ride out.</summary>
[FlockEnvironment("Flaky-v0", SolveThreshold = 475, MaxEpisodeSteps = 500, Description = "CartPole that throws once in 1,000 steps (test)")]
public sealed class FlakyCartPole : IEnvironment
{
    public const int Period = 1_000;
    private readonly CartPoleEnvironment _inner = new();
    private long _steps;

    public Box ObservationSpace => _inner.ObservationSpace;

    public Discrete ActionSpace => _inner.ActionSpace;

    public void Reset(Span<float> observation, ulong? seed = null) => _inner.Reset(observation, seed);

    public StepResult Step(int action, Span<float> observation) =>
        ++_steps % Period == 0 ? throw new InvalidOperationException($"flaky bug at step {_steps} of this instance") : _inner.Step(action, observation);
}

/// <summary>CartPole that, after its first 50 steps, throws on every 20th: 5% of its steps fault, far above the budget.</summary>
[FlockEnvironment("FaultStorm-v0", SolveThreshold = 475, MaxEpisodeSteps = 500, Description = "CartPole that faults on 5% of its steps (test)")]
public sealed class FaultStormCartPole : IEnvironment
{
    private readonly CartPoleEnvironment _inner = new();
    private long _steps;

    public Box ObservationSpace => _inner.ObservationSpace;

    public Discrete ActionSpace => _inner.ActionSpace;

    public void Reset(Span<float> observation, ulong? seed = null) => _inner.Reset(observation, seed);

    public StepResult Step(int action, Span<float> observation) =>
        ++_steps > 50 && _steps % 20 == 0 ? throw new InvalidOperationException("storm") : _inner.Step(action, observation);
}

/// <summary>Declares 5 observation floats and writes 4: the last stays whatever was there (NaN in the pre-flight check).</summary>
[FlockEnvironment("Unwritten-v0", MaxEpisodeSteps = 100, Description = "leaves an observation entry unwritten (test)")]
public sealed class UnwrittenObservation : IEnvironment
{
    public Box ObservationSpace { get; } = Box.Vector(5, -1f, 1f);

    public Discrete ActionSpace { get; } = new(2);

    public void Reset(Span<float> observation, ulong? seed = null) => observation[..4].Clear();

    public StepResult Step(int action, Span<float> observation)
    {
        observation[..4].Fill(0.5f);
        return new StepResult(1f, Terminated: false, Truncated: false);
    }
}

/// <summary>Declares 3 observation floats and writes 4: past the end of its span.</summary>
[FlockEnvironment("WritesPast-v0", MaxEpisodeSteps = 100, Description = "writes past its observation span (test)")]
public sealed class WritesPastObservation : IEnvironment
{
    public Box ObservationSpace { get; } = Box.Vector(3, -1f, 1f);

    public Discrete ActionSpace { get; } = new(2);

    public void Reset(Span<float> observation, ulong? seed = null) => Write(observation);

    public StepResult Step(int action, Span<float> observation)
    {
        Write(observation);
        return new StepResult(1f, Terminated: false, Truncated: false);
    }

    private static void Write(Span<float> observation)
    {
        for (var i = 0; i < 4; i++)
        {
            observation[i] = 0f;
        }
    }
}

/// <summary>Declares observations in [-1, 1] and returns 2.5: outside its declared space.</summary>
[FlockEnvironment("OutOfSpace-v0", MaxEpisodeSteps = 100, Description = "returns observations outside its declared space (test)")]
public sealed class OutOfSpaceObservation : IEnvironment
{
    public Box ObservationSpace { get; } = Box.Vector(2, -1f, 1f);

    public Discrete ActionSpace { get; } = new(2);

    public void Reset(Span<float> observation, ulong? seed = null) => observation.Fill(0f);

    public StepResult Step(int action, Span<float> observation)
    {
        observation[0] = 0f;
        observation[1] = 2.5f;
        return new StepResult(0f, Terminated: false, Truncated: false);
    }
}
