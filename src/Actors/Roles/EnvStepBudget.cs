namespace Flock.Actors.Roles;

/// <summary>
/// The env steps a run may still take (<c>--max-env-steps</c>), shared by the environment actors of one
/// process. The coordinator only learns the step count once per metrics interval, which let a fast run
/// overshoot its budget by a second's worth of steps (twice the budget, in short runs); claiming steps
/// here before each vector step stops the run within one vector step of the limit. Cluster actor nodes
/// cannot share it and stay under the coordinator's check.
/// </summary>
/// <remarks>
/// An actor claims a vector step (<see cref="TryClaim"/>), steps, and then reports it taken
/// (<see cref="Taken"/>), or gives the claim back when the environment faulted (<see cref="Return"/>). The run
/// is told once every step of the budget was really taken, so a fault on the last claim does not stop it short.
/// </remarks>
public sealed class EnvStepBudget
{
    private readonly Action _spent;
    private long _remaining;
    private int _spentSignalled;

    /// <param name="steps">Env steps the run may take.</param>
    /// <param name="spent">Called once, on the actor thread that took the last steps.</param>
    public EnvStepBudget(long steps, Action spent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentNullException.ThrowIfNull(spent);
        _remaining = steps;
        _spent = spent;
    }

    /// <summary>
    /// Claims <paramref name="steps"/> (one vector step) when any of the budget is left; false once it is
    /// all claimed. The claim that takes the last of it still goes ahead, so a run takes at least its budget.
    /// </summary>
    public bool TryClaim(int steps)
    {
        var after = Interlocked.Add(ref _remaining, -steps);
        if (after + steps > 0)
        {
            return true;
        }

        // Refused: the budget stays as it was, so a claim given back later can be claimed again.
        Interlocked.Add(ref _remaining, steps);
        return false;
    }

    /// <summary>Gives back a claim whose steps were not taken (the environment faulted).</summary>
    public void Return(int steps) => Interlocked.Add(ref _remaining, steps);

    /// <summary>Reports a claim's steps taken; the run is told when that spent the budget.</summary>
    public void Taken()
    {
        if (Interlocked.Read(ref _remaining) <= 0 && Interlocked.Exchange(ref _spentSignalled, 1) == 0)
        {
            _spent();
        }
    }
}
