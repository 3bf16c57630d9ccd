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
/// A hold (<see cref="HoldAt"/>) pauses the actors at a step count below the budget, a sweep's rung, until the
/// hold moves on; refused actors try again when <see cref="HasRoom"/> says so.
/// </remarks>
public sealed class EnvStepBudget
{
    private readonly long _total;
    private readonly Action _spent;
    private Action<EnvStepBudget, long>? _held;

    // Steps that may still be claimed below the current limit, the limit (the total, or a hold below it),
    // and whether reaching the limit was already told.
    private long _remaining;
    private long _limit;
    private int _signalled;
    private long _taken;

    /// <param name="steps">Env steps the run may take (<see cref="long.MaxValue"/>: no limit, the steps are only counted).</param>
    /// <param name="spent">Called once, on the actor thread that took the last steps.</param>
    public EnvStepBudget(long steps, Action spent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentNullException.ThrowIfNull(spent);
        _total = steps;
        _limit = steps;
        _remaining = steps;
        _spent = spent;
    }

    /// <summary>Env steps the actors have taken so far, exact at any moment (the coordinator's count lags by a stats interval).</summary>
    public long TakenSteps => Interlocked.Read(ref _taken);

    /// <summary>Whether a claim could go ahead now (the actors of a held run wait for this).</summary>
    public bool HasRoom => Interlocked.Read(ref _remaining) > 0;

    /// <summary>
    /// Pauses the actors once <paramref name="at"/> steps are taken (at most the budget): claims are refused
    /// from then on and <paramref name="held"/> is called once, on the actor thread that took the last steps
    /// before it, until the next <see cref="HoldAt"/> moves the limit on. Holding at the budget or beyond lifts
    /// the hold: the run ends there as without one. Call it before the actors start, and again from
    /// <paramref name="held"/> or later, while they wait.
    /// </summary>
    public void HoldAt(long at, Action<EnvStepBudget, long> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var limit = Math.Min(at, _total);
        _held = held;
        var previous = Interlocked.Exchange(ref _limit, limit);

        // Room first, then a new signal: a Taken() in between sees room and signals nothing.
        Interlocked.Add(ref _remaining, limit - previous);
        Interlocked.Exchange(ref _signalled, 0);
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

    /// <summary>Reports a claim's <paramref name="steps"/> taken; the run (or the hold's owner) is told when that reached the limit.</summary>
    public void Taken(int steps)
    {
        Interlocked.Add(ref _taken, steps);
        if (Interlocked.Read(ref _remaining) > 0 || Interlocked.Exchange(ref _signalled, 1) != 0)
        {
            return;
        }

        var limit = Interlocked.Read(ref _limit);
        if (limit >= _total)
        {
            _spent();
        }
        else
        {
            _held!(this, limit);
        }
    }
}
