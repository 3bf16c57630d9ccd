using Flock.Environments;

namespace Flock.TestEnvironments;

/// <summary>
/// A chain of <see cref="Length"/> cells: walk right to the end (reward 1, terminal, nothing else); each
/// action slips to the opposite with probability 0.1, and a start cell is drawn from the left half. Going
/// left only delays the reward, so the two actions' values differ by a discount factor or two and a
/// learner's greedy policy flips easily from one weights version to the next (a flipped cell loops until
/// the time limit: return 0): the task that shows whether a checkpoint is the policy that was judged.
/// </summary>
[FlockEnvironment("NoisyChain-v0", SolveThreshold = 0.9, MaxEpisodeSteps = 60, Description = "noisy chain whose greedy policy flips easily (test)")]
public sealed class NoisyChain : IEnvironment
{
    public const int Length = 12;
    private const double Slip = 0.1;
    private FlockRandom? _random;
    private int _position;

    public Box ObservationSpace { get; } = Box.Vector(Length, 0f, 1f);

    public Discrete ActionSpace { get; } = new(2);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        var random = FlockRandom.ForReset(ref _random, seed);
        _position = random.NextInt(Length / 2);
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        ActionSpace.Validate(action);
        var right = action == 1;
        if (_random!.NextDouble() < Slip)
        {
            right = !right;
        }

        _position = Math.Clamp(_position + (right ? 1 : -1), 0, Length - 1);
        Observe(observation);
        var end = _position == Length - 1;
        return new StepResult(end ? 1f : 0f, Terminated: end, Truncated: false);
    }

    private void Observe(Span<float> observation)
    {
        observation[..Length].Clear();
        observation[_position] = 1f;
    }
}
