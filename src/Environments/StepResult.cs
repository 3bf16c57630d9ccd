namespace Flock.Environments;

/// <summary>What one <see cref="IEnvironment.Step"/> reports besides the observation.</summary>
/// <param name="Reward">
/// The step's reward as float32: Flock's replay and learner keep rewards as float, and every built-in reward
/// (±1, 0, shaped fractions) fits; episode returns are summed in double by <see cref="VectorEnv"/>.
/// </param>
/// <param name="Terminated">
/// The episode reached a terminal state of the task: the value of the next state is zero, do not bootstrap.
/// </param>
/// <param name="Truncated">
/// The episode was cut short by something outside the task, usually a time limit. Never terminal for
/// bootstrapping: the value of the last observation is still estimated from the network.
/// </param>
public readonly record struct StepResult(float Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode is over for either reason and the environment needs a reset.</summary>
    public bool Done => Terminated || Truncated;
}
