using System.Globalization;
using Flock.Actors.Roles;
using Flock.Actors.Run;

namespace Flock.Actors.Sweep;

/// <summary>
/// Applies the rung decisions to one trial. The trial's env actors are held at each rung (<see cref="FirstHold"/>
/// on the run's <see cref="EnvStepBudget"/>), so every trial is judged after exactly the rung's env steps,
/// however fast it runs; the next metrics row gives the trial's eval mean there. A trial that goes on is
/// released to the next rung (or its whole budget); one that is not among the best goes no further
/// (<paramref name="stop"/> is cancelled). The trial's learner waits with its actors (<see cref="LearnerGate"/>): trained
/// on while held, a trial held longest would gain the most.
/// </summary>
public sealed class TrialWatch(int trial, SuccessiveHalving halving, TextWriter log, CancellationTokenSource stop)
{
    private readonly LearnerGate _learnerGate = new();
    private EnvStepBudget? _heldBudget;
    private volatile int _heldAtRung;
    private volatile int _rungsReached;
    private volatile int _prunedAtRung;

    /// <summary>Rungs at which the trial was judged.</summary>
    public int RungsReached => _rungsReached;

    /// <summary>The rung the trial was pruned at; null while it goes on.</summary>
    public int? PrunedAtRung => _prunedAtRung > 0 ? _prunedAtRung : null;

    /// <summary>Where the trial's actors wait first: its smallest rung; null when the sweep has no rungs.</summary>
    public EnvStepHold? FirstHold => halving.Rungs.Count > 0 ? new EnvStepHold(halving.Rungs[0], OnHeld, _learnerGate) : null;

    /// <summary>The actors took a rung's steps and wait (on the actor thread that took the last of them).</summary>
    private void OnHeld(EnvStepBudget budget, long atSteps)
    {
        _learnerGate.Close();
        Volatile.Write(ref _heldBudget, budget);
        _heldAtRung = _rungsReached + 1;
    }

    /// <summary>Every metrics row of the trial (on its coordinator's thread): the first one after a hold decides the rung.</summary>
    public void Observe(RunMetrics row)
    {
        var rung = _heldAtRung;
        if (rung == 0 || Volatile.Read(ref _heldBudget) is not { } budget)
        {
            return;
        }

        _heldAtRung = 0;
        var decision = halving.Decide(trial, rung, row.EvalMeanReturn100);
        _rungsReached = rung;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep: trial {trial} at rung {decision.Rung} ({decision.RungEnvSteps:N0} env steps): eval mean {SweepRunner.Format(double.IsFinite(decision.Score) ? decision.Score : null)}, rank {decision.Rank} of {decision.Competitors}, best {decision.Promoted} go on → {(decision.Continues ? "continues" : "pruned")}"));
        if (decision.Continues)
        {
            budget.HoldAt(rung < halving.Rungs.Count ? halving.Rungs[rung] : halving.MaxBudget, OnHeld);
            _learnerGate.Open();
            return;
        }

        _prunedAtRung = rung;

        // Asynchronously: the cancellation's continuations must not run on the coordinator's thread.
        _ = stop.CancelAsync();
    }
}
