using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// Exploration that ended too early: with <c>--exploration decay</c>, ε reached its floor and the returns stayed flat far
/// below the threshold after it; with Ape-X, no actor explores at all. Judged only for runs that did not solve.
/// </summary>
public sealed class EpsilonTooLowRule : IDiagnosisRule
{
    /// <summary>ε counts as at its floor within this of <c>epsilon-end</c> (the schedule is linear, so this is its last 1%).</summary>
    public const double FloorSlack = 0.01;

    /// <summary>
    /// Ape-X actors all at or below this explore less than one step in a hundred: too little to find what the greedy
    /// policy misses (the Ape-X spread runs from 0.4 down to 0.0007 so that most actors explore far more).
    /// </summary>
    public const double ApexNoExploration = 0.01;

    public string Id => "epsilon-too-low";

    public string Checks => "ε at its floor while the returns stay flat";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RunRecord.TrendRows, MetricsColumns.EpsilonMax, MetricsColumns.EvalMeanReturn100) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var returns = run.Returns;
        if (returns.Reached)
        {
            return RuleVerdict.Healthy(this);
        }

        if (returns.Baseline is null)
        {
            return RuleVerdict.NotJudged(this, "no greedy evaluation finished after learning started");
        }

        return run.Config.Exploration == ExplorationKind.Decay ? JudgeDecay(run, returns) : JudgeApex(run, returns);
    }

    private RuleVerdict JudgeDecay(RunRecord run, RunReturns returns)
    {
        var c = run.Config;
        if (run.Finite(MetricsColumns.EpsilonMax, Enumerable.Range(0, run.Rows)).Where(r => r.Value <= c.EpsilonEnd + FloorSlack)
                .Select(r => ((int Row, double Value)?)r).FirstOrDefault() is not { } floor)
        {
            return RuleVerdict.Healthy(this);
        }

        var since = returns.Curve.Where(r => r.Row >= floor.Row).ToArray();
        if (since.Length < RunRecord.TrendRows)
        {
            return RuleVerdict.NotJudged(this, $"ε reached its floor at {run.At(floor.Row)}, too near the end ({since.Length} evaluation rows after it) to tell whether the returns moved afterwards");
        }

        var best = since.MaxBy(r => r.Value);
        if (best.Value - since[0].Value >= RunReturns.FlatShare * returns.Span || !returns.EndedFarBelow)
        {
            return RuleVerdict.Healthy(this);
        }

        var evidence = new List<Evidence>
        {
            new($"ε reached its floor {FlagValue(c.EpsilonEnd)} (every actor past its {Count(c.EpsilonDecaySteps)}-step decay)", run.At(floor.Row)),
            new($"since then the greedy mean return went from {Number(since[0].Value)} to at best {Number(best.Value)}, ending at {Number(since[^1].Value)}" +
                (returns.Threshold is { } t ? $", far below the threshold {Number(t)}" : ""), run.At(since[0].Row), run.At(best.Row), run.At(since[^1].Row)),
        };
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "ε decayed too fast: exploration ended before learning did", evidence,
            $"after ε reached {FlagValue(c.EpsilonEnd)} the actors mostly replay the greedy policy's own choices, so states and actions it has not yet valued correctly are rarely tried again",
            Suggest.All(
                Suggest.Value(nameof(RunConfig.EpsilonDecaySteps), c.EpsilonDecaySteps * 4, $"4× {Count(c.EpsilonDecaySteps)} steps per actor: exploration lasts while the returns still climb"),
                c.EpsilonEnd < 0.01 ? Suggest.Value(nameof(RunConfig.EpsilonEnd), 0.05, $"a floor of {FlagValue(c.EpsilonEnd)} never explores again; 0.05 is the usual DQN floor") : null)));
    }

    private RuleVerdict JudgeApex(RunRecord run, RunReturns returns)
    {
        if (run.Last(MetricsColumns.EpsilonMax) is not { } last)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.EpsilonMax, "any row") + ": no actor reported its ε");
        }

        if (last.Value > ApexNoExploration || !returns.Flat)
        {
            return RuleVerdict.Healthy(this);
        }

        var c = run.Config;
        var apex = new RunConfig();
        var evidence = new List<Evidence>
        {
            new($"the most exploring actor used ε = {Number(last.Value)} (Ape-X: epsilon-base {FlagValue(c.EpsilonBase)}, epsilon-alpha {FlagValue(c.EpsilonAlpha)}, {run.ActorCount} actors)", run.At(last.Row)),
            new($"the greedy mean return stayed flat: {returns.DescribeFinal()}", run.At(returns.Final!.Value.Row)),
        };
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "No actor explores", evidence,
            "every actor acts almost greedily, so the replay holds only what the current policy does and the learner never sees the actions that would do better",
            Suggest.All(
                Suggest.Value(nameof(RunConfig.EpsilonBase), apex.EpsilonBase, "the Ape-X base: the most exploring actor takes a random action 40% of the time"),
                c.EpsilonAlpha > apex.EpsilonAlpha ? Suggest.Value(nameof(RunConfig.EpsilonAlpha), apex.EpsilonAlpha, "the Ape-X spread: the other actors range down to nearly greedy") : null)));
    }
}
