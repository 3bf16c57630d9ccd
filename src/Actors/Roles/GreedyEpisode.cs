using Flock.Environments;
using Flock.Learner.Networks;

namespace Flock.Actors.Roles;

/// <summary>
/// Plays one episode with ε = 0: the action is always the arg-max of the network's Q-values. The environment
/// is checked (<see cref="FaultCheckWrapper"/>): a throw or a NaN/∞ value raises an
/// <see cref="EnvironmentFaultException"/> naming the environment and the step.
/// </summary>
public sealed class GreedyEpisode(EnvRegistration environment, IQNetwork network)
{
    /// <summary>Cap for environments registered without a time limit, so one episode cannot run forever.</summary>
    private const int StepCapWithoutTimeLimit = 100_000;

    private readonly IEnvironment _env = new FaultCheckWrapper(environment.Make(), environment.Id);
    private readonly float[] _observation = new float[environment.ObservationSpace.Size];
    private readonly float[] _q = new float[environment.ActionSpace.N];

    /// <summary>Undiscounted return and length of one greedy episode from <paramref name="seed"/>.</summary>
    public (double Return, int Length) Play(ulong seed)
    {
        _env.Reset(_observation, seed);
        var cap = environment.MaxEpisodeSteps ?? StepCapWithoutTimeLimit;
        double total = 0;
        var length = 0;
        while (length < cap)
        {
            network.Forward(_observation, 1, _q);
            var step = _env.Step(QValues.ArgMax(_q), _observation);
            total += step.Reward;
            length++;
            if (step.Done)
            {
                break;
            }
        }

        return (total, length);
    }
}
