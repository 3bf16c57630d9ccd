namespace Flock.Actors.Roles;

/// <summary>
/// The env steps a run may still take (<c>--max-env-steps</c>), shared by the environment actors of one
/// process. The coordinator only learns the step count once per metrics interval, which let a fast run
/// overshoot its budget by a second's worth of steps (twice the budget, in short runs); claiming steps
/// here before each vector step stops the run within one vector step of the limit. Cluster actor nodes
/// cannot share it and stay under the coordinator's check.
/// </summary>
public sealed class EnvStepBudget
{
    private readonly Action _spent;
    private long _remaining;
    private int _spentSignalled;

    /// <param name="steps">Env steps the run may take.</param>
    /// <param name="spent">Called once, on the actor thread that takes the last steps.</param>
    public EnvStepBudget(long steps, Action spent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentNullException.ThrowIfNull(spent);
        _remaining = steps;
        _spent = spent;
    }

    /// <summary>
    /// Claims <paramref name="steps"/> (one vector step) when any of the budget is left; false once it is spent.
    /// The claim that takes the last of it still goes ahead, so a run takes at least its budget.
    /// </summary>
    public bool TryTake(int steps)
    {
        var after = Interlocked.Add(ref _remaining, -steps);
        if (after <= 0 && Interlocked.Exchange(ref _spentSignalled, 1) == 0)
        {
            _spent();
        }

        return after + steps > 0;
    }

    /// <summary>Gives back a claim whose steps were not taken (the environment faulted). Once the budget was spent, the run is stopping anyway.</summary>
    public void Return(int steps) => Interlocked.Add(ref _remaining, steps);
}
