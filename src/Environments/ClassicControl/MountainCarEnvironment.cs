namespace Flock.Environments;

/// <summary>
/// <c>MountainCar-v0</c>: drive an underpowered car out of a valley by rocking it: push left (0), nothing (1)
/// or right (2). Gymnasium 1.3.0's dynamics step for step: velocity += (a − 1)·0.001 − 0.0025·cos(3x),
/// clipped to ±0.07; x += velocity, clipped to [−1.2, 0.6], with the velocity zeroed on hitting the left
/// wall; reward −1 every step; termination at x ≥ 0.5. Float64 state (x, velocity), float32 observation.
/// Episodes start at x uniform in [−0.6, −0.4) at rest. The registry adds the 200-step time limit.
/// </summary>
public sealed class MountainCarEnvironment : IStatefulEnvironment
{
    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;
    private const double MaxSpeed = 0.07;
    private const double GoalPosition = 0.5;
    private const double GoalVelocity = 0.0;
    private const double Force = 0.001;
    private const double Gravity = 0.0025;

    private static readonly Box SharedObservationSpace = new(
        [2], [(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    private static readonly Discrete SharedActionSpace = new(3);

    private StateVector2 _state;
    private FlockRandom? _random;

    public Box ObservationSpace => SharedObservationSpace;

    public Discrete ActionSpace => SharedActionSpace;

    /// <summary>(position, velocity).</summary>
    public ReadOnlySpan<double> State => _state;

    public void SetState(ReadOnlySpan<double> state)
    {
        StateChecks.RequireLength(state, 2, "MountainCar");
        state.CopyTo(_state);
    }

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        StateChecks.RequireObservationRoom(observation, 2);
        _state[0] = FlockRandom.ForReset(ref _random, seed).Uniform(-0.6, -0.4);
        _state[1] = 0.0;
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        if ((uint)action > 2u)
        {
            Discrete.ThrowOutside(action, 3);
        }

        _ = observation[1];
        var velocity = _state[1] + ((action - 1) * Force + Math.Cos(3 * _state[0]) * -Gravity);
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        var position = Math.Clamp(_state[0] + velocity, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0)
        {
            velocity = 0.0;
        }

        _state[0] = position;
        _state[1] = velocity;
        observation[0] = (float)position;
        observation[1] = (float)velocity;
        var terminated = position >= GoalPosition && velocity >= GoalVelocity;
        return new StepResult(-1f, terminated, false);
    }

    public void Observe(Span<float> observation)
    {
        StateChecks.RequireObservationRoom(observation, 2);
        observation[0] = (float)_state[0];
        observation[1] = (float)_state[1];
    }
}
