namespace Flock.Environments;

/// <summary>
/// <c>GoalReach-v0</c>: a deliberately sparse task. An agent on the integer positions 0 ..
/// <see cref="GoalPosition"/> of a line steps left (0) or right (1); the left end is a wall. Reaching the goal
/// at the right end pays 1 and terminates; every other step pays 0. Episodes start at position 0, 1 or 2
/// (uniform). The observation is the position as a fraction of the way to the goal, in [0, 1].
/// </summary>
/// <remarks>
/// With the registry's 100-step limit a random walk reaches the goal in fewer than one episode in ten, so
/// an ε-greedy learner sees almost no reward to learn from; <c>GoalReachShaped-v0</c> is the same task with
/// potential-based shaping (<see cref="GoalReachShaping"/>) and is learned quickly.
/// </remarks>
public sealed class GoalReachEnvironment : IStatefulEnvironment
{
    /// <summary>Position of the goal, the right end of the line.</summary>
    public const int GoalPosition = 20;

    /// <summary>Episodes start at 0 .. MaxStartPosition.</summary>
    public const int MaxStartPosition = 2;

    private static readonly Box SharedObservationSpace = Box.Vector(1, 0f, 1f);
    private static readonly Discrete SharedActionSpace = new(2);

    // A whole number kept as a double so State can expose it like the other environments' state.
    private double _position;
    private FlockRandom? _random;

    public Box ObservationSpace => SharedObservationSpace;

    public Discrete ActionSpace => SharedActionSpace;

    /// <summary>(position), a whole number in 0 .. <see cref="GoalPosition"/>.</summary>
    public ReadOnlySpan<double> State => new(in _position);

    public void SetState(ReadOnlySpan<double> state)
    {
        StateChecks.RequireLength(state, 1, "GoalReach");
        var position = state[0];
        if (position != Math.Floor(position) || position < 0 || position > GoalPosition)
        {
            throw new ArgumentOutOfRangeException(
                nameof(state), position, $"GoalReach positions are whole numbers in 0..{GoalPosition}.");
        }

        _position = position;
    }

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        StateChecks.RequireObservationRoom(observation, 1);
        _position = FlockRandom.ForReset(ref _random, seed).NextInt(MaxStartPosition + 1);
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        if ((uint)action > 1u)
        {
            Discrete.ThrowOutside(action, 2);
        }

        var position = Math.Max(_position + (action == 1 ? 1 : -1), 0);
        _position = position;
        Observe(observation);
        var reached = position >= GoalPosition;
        return new StepResult(reached ? 1f : 0f, reached, false);
    }

    public void Observe(Span<float> observation)
    {
        StateChecks.RequireObservationRoom(observation, 1);
        observation[0] = (float)(_position / GoalPosition);
    }
}
