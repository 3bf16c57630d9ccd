namespace Flock.Environments;

/// <summary>
/// <c>Acrobot-v1</c>: swing a two-link pendulum, actuated at the middle joint with torque −1 (0), 0 (1) or
/// +1 (2), until its tip rises one link length above the pivot. Gymnasium 1.3.0's dynamics step for step:
/// Sutton and Barto's "book" equations integrated by one classic RK4 step of dt = 0.2 s, joint angles wrapped
/// to [−π, π], velocities bounded to ±4π and ±9π, no torque noise; reward −1 per step and 0 on the
/// terminating one. Float64 state (θ1, θ2, θ̇1, θ̇2); float32 observation
/// (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2). Episodes start with each state variable uniform in ±0.1,
/// rounded to float32 as Gymnasium does. The registry adds the 500-step time limit.
/// </summary>
public sealed class AcrobotEnvironment : IStatefulEnvironment
{
    private const double TimeStep = 0.2;
    private const double MaxVelocity1 = 4 * Math.PI;
    private const double MaxVelocity2 = 9 * Math.PI;

    private static readonly Box SharedObservationSpace = new(
        [6],
        [-1f, -1f, -1f, -1f, -(float)MaxVelocity1, -(float)MaxVelocity2],
        [1f, 1f, 1f, 1f, (float)MaxVelocity1, (float)MaxVelocity2]);

    private static readonly Discrete SharedActionSpace = new(3);

    private StateVector4 _state;
    private FlockRandom? _random;

    public Box ObservationSpace => SharedObservationSpace;

    public Discrete ActionSpace => SharedActionSpace;

    public ReadOnlySpan<double> State => _state;

    public void SetState(ReadOnlySpan<double> state)
    {
        StateChecks.RequireLength(state, 4, "Acrobot");
        state.CopyTo(_state);
    }

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        StateChecks.RequireObservationRoom(observation, 6);
        var random = FlockRandom.ForReset(ref _random, seed);
        for (var i = 0; i < 4; i++)
        {
            _state[i] = (float)random.Uniform(-0.1, 0.1);
        }

        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        if ((uint)action > 2u)
        {
            Discrete.ThrowOutside(action, 3);
        }

        _ = observation[5];
        double torque = action - 1;
        var next = AcrobotDynamics.Integrate(
            new AcrobotDynamics.Vector(_state[0], _state[1], _state[2], _state[3]), torque, TimeStep);

        _state[0] = Wrap(next.Theta1, -Math.PI, Math.PI);
        _state[1] = Wrap(next.Theta2, -Math.PI, Math.PI);
        _state[2] = Math.Clamp(next.Velocity1, -MaxVelocity1, MaxVelocity1);
        _state[3] = Math.Clamp(next.Velocity2, -MaxVelocity2, MaxVelocity2);
        Observe(observation);

        var terminated = -Math.Cos(_state[0]) - Math.Cos(_state[1] + _state[0]) > 1.0;
        return new StepResult(terminated ? 0f : -1f, terminated, false);
    }

    public void Observe(Span<float> observation)
    {
        StateChecks.RequireObservationRoom(observation, 6);
        var (sin1, cos1) = Math.SinCos(_state[0]);
        var (sin2, cos2) = Math.SinCos(_state[1]);
        observation[0] = (float)cos1;
        observation[1] = (float)sin1;
        observation[2] = (float)cos2;
        observation[3] = (float)sin2;
        observation[4] = (float)_state[2];
        observation[5] = (float)_state[3];
    }

    /// <summary>Gymnasium's <c>wrap</c>: shifts by whole periods until min ≤ x ≤ max (not a modulo).</summary>
    private static double Wrap(double x, double min, double max)
    {
        var period = max - min;
        while (x > max)
        {
            x -= period;
        }

        while (x < min)
        {
            x += period;
        }

        return x;
    }
}
