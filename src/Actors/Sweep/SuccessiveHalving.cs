namespace Flock.Actors.Sweep;

/// <summary>The outcome of one trial at one rung.</summary>
/// <param name="Trial">The trial's number.</param>
/// <param name="Rung">Rung number, 1 for the smallest budget.</param>
/// <param name="RungEnvSteps">The rung's budget in env steps.</param>
/// <param name="Score">The trial's eval mean there (NaN: no eval yet, which ranks last).</param>
/// <param name="Rank">1 + the trials at this rung with a strictly better score.</param>
/// <param name="Competitors">Trials that reached this rung so far, this one included.</param>
/// <param name="Promoted">How many of them go on: max(1, ⌊competitors / η⌋).</param>
public sealed record RungDecision(int Trial, int Rung, long RungEnvSteps, double Score, int Rank, int Competitors, int Promoted)
{
    public bool Continues => Rank <= Promoted;
}

/// <summary>
/// Asynchronous successive halving (ASHA, Li et al. 2020) in its stopping form, on budgets in env steps.
/// Rungs lie at max_budget/η^k (k = 1, 2, …) down to the minimum rung. When a trial reaches rung k, its score
/// is compared with the scores of the trials that reached rung k before it: it goes on only if it is among the
/// best max(1, ⌊n/η⌋) of those n (itself included), else it is stopped as "pruned at rung k". The "max(1, …)"
/// lets the first trials at a rung go on while there is nothing to compare with (as Optuna's pruner does);
/// later arrivals face a growing field. Pure bookkeeping, safe to call from several threads.
/// </summary>
public sealed class SuccessiveHalving
{
    private readonly Lock _lock = new();
    private readonly List<double>[] _scores;

    public SuccessiveHalving(long maxBudget, int eta, long minRung)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBudget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minRung, 1);
        MaxBudget = maxBudget;
        Eta = eta;
        var rungs = new List<long>();
        for (var budget = (double)maxBudget / eta; budget >= minRung; budget /= eta)
        {
            rungs.Add((long)Math.Ceiling(budget));
        }

        rungs.Reverse();
        Rungs = rungs;
        _scores = [.. rungs.Select(_ => new List<double>())];
    }

    public long MaxBudget { get; }

    public int Eta { get; }

    /// <summary>Rung budgets in env steps, smallest first; rung k (1-based) is <c>Rungs[k - 1]</c>.</summary>
    public IReadOnlyList<long> Rungs { get; }

    /// <summary>Records <paramref name="score"/> for a trial that reached rung <paramref name="rung"/> and decides whether it goes on.</summary>
    public RungDecision Decide(int trial, int rung, double score)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rung, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rung, Rungs.Count);
        lock (_lock)
        {
            var scores = _scores[rung - 1];
            scores.Add(score);
            var rank = 1 + scores.Count(other => IsBetter(other, score));
            var promoted = Math.Max(1, scores.Count / Eta);
            return new RungDecision(trial, rung, Rungs[rung - 1], score, rank, scores.Count, promoted);
        }
    }

    /// <summary>A finite score beats a lower one and beats no score at all.</summary>
    public static bool IsBetter(double a, double b) => double.IsFinite(a) && (!double.IsFinite(b) || a > b);
}
