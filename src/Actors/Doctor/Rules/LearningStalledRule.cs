using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// Learning stalled on a dead network: the greedy returns never rose while the gradient norm collapsed, the signature of
/// a few far-too-large steps (a huge learning rate) that left the hidden units outputting zero for every input.
/// </summary>
public sealed class LearningStalledRule : IDiagnosisRule
{
    /// <summary>
    /// Peak-to-end fall of the gradient norm that counts as vanished. Healthy runs end within 15× of their peak (default
    /// CartPole and Acrobot, five seeds each, a row every 0.1 s; a solved sparse GoalReach: 27×), while networks killed
    /// by a learning rate of 0.3–1 on CartPole, Acrobot and MountainCar fell 85–465×.
    /// </summary>
    public const double CollapseFactor = 50;

    public string Id => "learning-stalled";

    public string Checks => "returns that never rose while the gradients vanished";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RunRecord.TrendRows, MetricsColumns.GradNorm, MetricsColumns.EvalMeanReturn100) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var returns = run.Returns;
        if (returns is not { Baseline: { } baseline, Best: { } best, Final: { } final })
        {
            return RuleVerdict.NotJudged(this, "no greedy evaluation finished after learning started");
        }

        var norms = run.Finite(MetricsColumns.GradNorm, run.LearningRows).ToArray();
        var peak = norms.MaxBy(r => r.Value);
        var end = norms[^1];
        if (returns.Solved || returns.EndedSolved || !returns.Flat || !(end.Value * CollapseFactor <= peak.Value))
        {
            return RuleVerdict.Healthy(this);
        }

        var evidence = new List<Evidence>
        {
            new($"the gradient norm fell from {Number(peak.Value)} to {Number(end.Value)} ({Times(peak.Value / end.Value)} smaller)", run.At(peak.Row), run.At(end.Row)),
            new($"the greedy mean return was {Number(baseline.Value)} when learning started, at best {Number(best.Value)}, and {Number(final.Value)} at the end" +
                (returns.Threshold is { } t ? $" (solved at {Number(t)})" : "") + $": never {Percent(RunReturns.FlatShare)} of the way up", run.At(baseline.Row), run.At(best.Row), run.At(final.Row)),
        };
        if (run.Value(MetricsColumns.MeanAbsTdError, end.Row) is var td && double.IsFinite(td))
        {
            evidence.Add(new Evidence($"the mean |TD error| was still {Number(td)}: the errors remain, but no gradient reaches the weights", run.At(end.Row)));
        }

        var c = run.Config;
        var usual = new RunConfig().LearningRate;
        return RuleVerdict.Found(this, new Finding(Id, Severity.Critical, "Learning stalled: the gradients vanished and the returns never rose", evidence,
            $"the network died: a few very large steps (learning rate {FlagValue(c.LearningRate)}) pushed the hidden ReLU units to where they output 0 for every input, " +
            "so no gradient flows through them and the Q-values can no longer follow the observation",
            Suggest.All(c.LearningRate > usual
                ? Suggest.Value(nameof(RunConfig.LearningRate), Round2(Math.Min(c.LearningRate / 10, usual)), $"a tenth of {FlagValue(c.LearningRate)}, at most the default {FlagValue(usual)}, which trains these networks without killing them")
                : Suggest.LowerLearningRate(c, 4, $"a quarter of {FlagValue(c.LearningRate)}"))));
    }
}
