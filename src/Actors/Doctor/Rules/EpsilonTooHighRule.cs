using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// Exploration that never ended: with <c>--exploration decay</c>, ε still high at the end of the run; with Ape-X, every
/// actor exploring heavily. Judged only for runs that did not solve.
/// </summary>
public sealed class EpsilonTooHighRule : IDiagnosisRule
{
    /// <summary>A decay that has not covered this share of the way from start to end when the run stops has decayed too slowly for the run.</summary>
    public const double DecayDone = 0.5;

    /// <summary>
    /// With every Ape-X actor at or above this, at least one action in five is random, so no actor's episodes go where
    /// the greedy policy would; Ape-X's spread (0.4 down to 0.0007) keeps most actors far below it.
    /// </summary>
    public const double ApexAllExploring = 0.2;

    /// <summary>What a single Ape-X actor (whose ε is epsilon-base) should use: the usual DQN floor.</summary>
    private const double SingleActorEpsilon = 0.05;

    public string Id => "epsilon-too-high";

    public string Checks => "ε still high when the run ended";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(1, MetricsColumns.EpsilonMin) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        if (run.Last(MetricsColumns.EpsilonMin) is not { } last)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.EpsilonMin, "any row") + ": no actor reported its ε");
        }

        if (run.Returns.Reached)
        {
            return RuleVerdict.Healthy(this);
        }

        return run.Config.Exploration == ExplorationKind.Decay ? JudgeDecay(run, last) : JudgeApex(run, last);
    }

    private RuleVerdict JudgeDecay(RunRecord run, (int Row, double Value) last)
    {
        var c = run.Config;
        if (c.EpsilonStart <= c.EpsilonEnd)
        {
            return RuleVerdict.NotJudged(this, "not applicable: epsilon-start ≤ epsilon-end, so ε does not decay");
        }

        if (last.Value < c.EpsilonEnd + (DecayDone * (c.EpsilonStart - c.EpsilonEnd)))
        {
            return RuleVerdict.Healthy(this);
        }

        var perActor = run.At(last.Row).EnvSteps / Math.Max(1, run.ActorCount);
        var evidence = new List<Evidence>
        {
            new($"every actor still explored with ε ≥ {Number(last.Value)} at the end (start {FlagValue(c.EpsilonStart)}, floor {FlagValue(c.EpsilonEnd)})", run.At(last.Row)),
            new($"each of the {run.ActorCount} actors took about {Count(perActor)} env steps, {Percent((double)perActor / c.EpsilonDecaySteps)} of the {Count(c.EpsilonDecaySteps)}-step decay"),
            new(run.Returns.DescribeFinal()),
        };
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "ε decayed too slowly: the actors were still exploring at the end", evidence,
            "the actors spent the run acting mostly at random, so the replay holds few of the long, good episodes the learnt policy would reach",
            Suggest.All(Suggest.Value(nameof(RunConfig.EpsilonDecaySteps), Round2(Math.Max(1, perActor / 2.0), 1), "half of what each actor stepped in this run: ε reaches its floor halfway through a run as long as this one"))));
    }

    private RuleVerdict JudgeApex(RunRecord run, (int Row, double Value) last)
    {
        if (last.Value < ApexAllExploring)
        {
            return RuleVerdict.Healthy(this);
        }

        var c = run.Config;
        var single = run.ActorCount == 1;
        var apex = new RunConfig();
        var evidence = new List<Evidence>
        {
            new($"the least exploring actor used ε = {Number(last.Value)} (Ape-X: epsilon-base {FlagValue(c.EpsilonBase)}, epsilon-alpha {FlagValue(c.EpsilonAlpha)}, {run.ActorCount} actor{(single ? "" : "s")})", run.At(last.Row)),
            new(run.Returns.DescribeFinal()),
        };
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "Every actor explores heavily", evidence,
            single
                ? "a single Ape-X actor explores with ε = epsilon-base; with no greedier actor beside it, no episode goes where the learnt policy would"
                : "the Ape-X spread is too narrow: with no actor close to greedy, no episode goes where the learnt policy would",
            single
                ? Suggest.All(Suggest.Value(nameof(RunConfig.EpsilonBase), SingleActorEpsilon, "the usual DQN floor for the lone actor"))
                : Suggest.All(
                    c.EpsilonBase > apex.EpsilonBase ? Suggest.Value(nameof(RunConfig.EpsilonBase), apex.EpsilonBase, "the Ape-X base") : null,
                    c.EpsilonAlpha < apex.EpsilonAlpha ? Suggest.Value(nameof(RunConfig.EpsilonAlpha), apex.EpsilonAlpha, "the Ape-X spread: the greediest actors then explore with ε below 0.001") : null)));
    }
}
