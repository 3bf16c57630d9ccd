using Flock.Environments;

namespace CustomEnv;

/// <summary>
/// Corridor-v0: walk down a corridor of <see cref="Length"/> cells to the exit at the far end. Actions:
/// 0 = step back, 1 = step forward. Each step costs 0.01 and reaching the exit pays 1 and ends the episode,
/// so the best return is 1 − 0.01 × (Length − 2) = 0.94. The observation is the position as a fraction of
/// the corridor, plus 1 at the first cell where the back wall stops the agent.
/// </summary>
[FlockEnvironment("Corridor-v0", SolveThreshold = 0.9, MaxEpisodeSteps = 50,
    Description = "Walk down an 8-cell corridor to the exit (sample custom environment)")]
public sealed class Corridor : IEnvironment
{
    /// <summary>Number of cells; the agent starts in cell 0 and the exit is cell Length − 1.</summary>
    public const int Length = 8;

    private const float StepCost = 0.01f;

    private int _position;

    public Box ObservationSpace { get; } = Box.Vector(2, 0f, 1f);

    public Discrete ActionSpace { get; } = new(2);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        // The start is always cell 0, so the seed has nothing to randomise here; a stochastic environment
        // would keep a FlockRandom and call FlockRandom.ForReset(ref _random, seed) to honour it.
        _position = 0;
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        ActionSpace.Validate(action);
        _position = Math.Max(0, _position + (action == 1 ? 1 : -1));
        Observe(observation);
        var reachedExit = _position == Length - 1;
        return new StepResult(reachedExit ? 1f : -StepCost, reachedExit, false);
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = _position / (float)(Length - 1);
        observation[1] = _position == 0 ? 1f : 0f;
    }
}
