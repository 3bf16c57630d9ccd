using System.Globalization;
using Flock.Actors.Run;

namespace Flock.Actors.Sweep;

/// <summary>
/// Follows one trial's metrics rows (on its coordinator's thread) and applies the rung decisions: when a row's
/// env steps pass a rung, the trial's eval mean is scored there, and a trial that is not among the best goes
/// no further (<paramref name="stop"/> is cancelled).
/// </summary>
public sealed class TrialWatch(int trial, SuccessiveHalving halving, TextWriter log, CancellationTokenSource stop)
{
    private volatile int _rungsReached;
    private volatile int _prunedAtRung;

    /// <summary>Rungs whose budget the trial's rows have passed.</summary>
    public int RungsReached => _rungsReached;

    /// <summary>The rung the trial was pruned at; null while it goes on.</summary>
    public int? PrunedAtRung => _prunedAtRung > 0 ? _prunedAtRung : null;

    public void Observe(RunMetrics row)
    {
        // A row at the full budget is the trial's last (its env actors stop exactly there): a fast trial can
        // pass rungs only in it. Its score still counts at those rungs for the trials that come later, but a
        // trial that ran its whole budget is complete; pruning it then would throw away a finished run.
        var finished = row.EnvSteps >= halving.MaxBudget;

        // One row may pass several rungs when they lie close together; each is decided on this row's score.
        while (_prunedAtRung == 0 && _rungsReached < halving.Rungs.Count && row.EnvSteps >= halving.Rungs[_rungsReached])
        {
            var decision = halving.Decide(trial, _rungsReached + 1, row.EvalMeanReturn100);
            _rungsReached++;
            var outcome = finished ? "ran its whole budget" : decision.Continues ? "continues" : "pruned";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep: trial {trial} at rung {decision.Rung} ({decision.RungEnvSteps:N0} env steps): eval mean {SweepRunner.Format(double.IsFinite(decision.Score) ? decision.Score : null)}, rank {decision.Rank} of {decision.Competitors}, best {decision.Promoted} go on → {outcome}"));
            if (!decision.Continues && !finished)
            {
                _prunedAtRung = decision.Rung;

                // Asynchronously: the cancellation's continuations must not run on the coordinator's thread.
                _ = stop.CancelAsync();
            }
        }
    }
}
