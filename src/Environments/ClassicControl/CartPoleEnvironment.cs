namespace Flock.Environments;

/// <summary>
/// <c>CartPole-v1</c>: balance a pole on a cart by pushing it left (0) or right (1); the Barto, Sutton and
/// Anderson cart-pole with Gymnasium 1.3.0's dynamics step for step: explicit Euler with τ = 0.02 s, float64
/// state (x, ẋ, θ, θ̇), float32 observation of that state, reward 1 per step including the terminating one,
/// termination when |x| &gt; 2.4 or |θ| &gt; 12°. Episodes start uniformly in ±0.05 for every state variable.
/// The registry adds the 500-step time limit.
/// </summary>
public sealed class CartPoleEnvironment : IStatefulEnvironment
{
    private const double Gravity = 9.8;
    private const double MassCart = 1.0;
    private const double MassPole = 0.1;
    private const double TotalMass = MassPole + MassCart;
    private const double HalfPoleLength = 0.5;
    private const double PoleMassLength = MassPole * HalfPoleLength;
    private const double ForceMagnitude = 10.0;
    private const double Tau = 0.02;
    private const double XThreshold = 2.4;

    // Written as Gymnasium computes it (12 * 2 * pi / 360) so the threshold is the same double.
    private const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    private static readonly Box SharedObservationSpace = new(
        [4],
        [-(float)(XThreshold * 2), -float.MaxValue, -(float)(ThetaThresholdRadians * 2), -float.MaxValue],
        [(float)(XThreshold * 2), float.MaxValue, (float)(ThetaThresholdRadians * 2), float.MaxValue]);

    private static readonly Discrete SharedActionSpace = new(2);

    private StateVector4 _state;
    private FlockRandom? _random;

    // Gymnasium's steps_beyond_terminated: stepping on after termination pays 0 instead of 1.
    private bool _terminated;

    public Box ObservationSpace => SharedObservationSpace;

    public Discrete ActionSpace => SharedActionSpace;

    public ReadOnlySpan<double> State => _state;

    public void SetState(ReadOnlySpan<double> state)
    {
        StateChecks.RequireLength(state, 4, "CartPole");
        state.CopyTo(_state);
    }

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        StateChecks.RequireObservationRoom(observation, 4);
        var random = FlockRandom.ForReset(ref _random, seed);
        for (var i = 0; i < 4; i++)
        {
            _state[i] = random.Uniform(-0.05, 0.05);
        }

        _terminated = false;
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        if ((uint)action > 1u)
        {
            Discrete.ThrowOutside(action, 2);
        }

        // One bounds check up front instead of one per element below.
        _ = observation[3];

        var x = _state[0];
        var xDot = _state[1];
        var theta = _state[2];
        var thetaDot = _state[3];
        var force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        var (sinTheta, cosTheta) = Math.SinCos(theta);

        // The grouping of every operation follows Gymnasium's expressions so the doubles round the same way.
        var temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        var thetaAcc = (Gravity * sinTheta - cosTheta * temp)
            / (HalfPoleLength * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        var xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;

        _state[0] = x;
        _state[1] = xDot;
        _state[2] = theta;
        _state[3] = thetaDot;
        observation[0] = (float)x;
        observation[1] = (float)xDot;
        observation[2] = (float)theta;
        observation[3] = (float)thetaDot;

        var terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;
        var reward = terminated && _terminated ? 0f : 1f;
        _terminated |= terminated;
        return new StepResult(reward, terminated, false);
    }

    public void Observe(Span<float> observation)
    {
        StateChecks.RequireObservationRoom(observation, 4);
        for (var i = 0; i < 4; i++)
        {
            observation[i] = (float)_state[i];
        }
    }
}
