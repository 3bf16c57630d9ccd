using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>Returns oscillating: the greedy mean rose and then fell back a long way.</summary>
public sealed class ReturnsOscillatingRule : IDiagnosisRule
{
    /// <summary>
    /// A fall from an earlier peak by this share of the span (lowest greedy mean to threshold). The 100-episode window
    /// smooths single bad episodes away (only rows with a full window count), so a fall this large means the policy
    /// itself got much worse. Healthy default runs dip on their way up too: of 26 measured (CartPole and Acrobot), one
    /// Acrobot run fell 31% (from -237 to -361) before it solved at -89, the others at most 14%. CartPole runs that
    /// solved and then lost it (a learning rate of 0.03, a target interval of 1) fell 41–74%.
    /// </summary>
    public const double FallShare = 0.35;

    /// <summary>
    /// Only a fall from a peak at least this far up the span counts: the policy had been good. Below it, while the
    /// agent still mostly fails, its greedy mean wanders by a fifth of the span in healthy runs too (Acrobot: -354 to
    /// -440 on the way to -92).
    /// </summary>
    public const double GoodPeakShare = 0.5;

    public string Id => "returns-oscillating";

    public string Checks => "falls of the greedy mean return from its peaks";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RunRecord.TrendRows, MetricsColumns.EvalMeanReturn100) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        // A run that ends solved got past whatever swings it had: they did not keep it from converging.
        var returns = run.Returns;
        if (returns.EndedSolved)
        {
            return RuleVerdict.Healthy(this);
        }

        var curve = returns.FullWindowCurve;
        if (curve.Count < RunRecord.TrendRows || !double.IsFinite(returns.Span))
        {
            return RuleVerdict.NotJudged(this, $"needs {RunRecord.TrendRows} rows with a greedy mean over a full window of {RunTally.EvalWindowSize} episodes after learning started, the run has {curve.Count}");
        }

        var good = returns.Lowest + (GoodPeakShare * returns.Span);
        var peak = curve[0];
        (int Row, double Value) fallPeak = peak, trough = peak;
        foreach (var point in curve)
        {
            peak = point.Value > peak.Value ? point : peak;
            if (peak.Value >= good && peak.Value - point.Value > fallPeak.Value - trough.Value)
            {
                (fallPeak, trough) = (peak, point);
            }
        }

        var fall = fallPeak.Value - trough.Value;
        if (fall < FallShare * returns.Span)
        {
            return RuleVerdict.Healthy(this);
        }

        var values = curve.Select(p => p.Value).ToArray();
        var evidence = new List<Evidence>
        {
            new($"the greedy mean return fell from {Number(fallPeak.Value)} to {Number(trough.Value)}, {Percent(fall / returns.Span)} of the range " +
                (returns.Threshold is { } t && t > returns.Lowest ? $"from the lowest greedy mean {Number(returns.Lowest)} to the threshold {Number(t)}" : $"of returns, {Number(returns.Span)}"), run.At(fallPeak.Row), run.At(trough.Row)),
            new($"over the {values.Length} rows with a full {RunTally.EvalWindowSize}-episode window it swung with a standard deviation of {Number(Statistics.StandardDeviation(values))} around {Number(values.Average())}"),
            new(returns.DescribeFinal()),
        };
        var c = run.Config;
        var maxBatch = (int)Math.Min(Suggest.Max(nameof(RunConfig.BatchSize)), c.ReplayMinSize);
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The returns oscillate: the policy got good, then lost it", evidence,
            "updates overshoot: a step that fits one batch undoes what others taught, and with bootstrapped targets one bad stretch feeds the next (a good policy no longer visits the states where it fails, so the replay forgets them)",
            Suggest.All(
                Suggest.LowerLearningRate(c, 2, $"half of {FlagValue(c.LearningRate)}: smaller, steadier steps"),
                c.BatchSize * 2 <= maxBatch ? Suggest.Value(nameof(RunConfig.BatchSize), c.BatchSize * 2L, $"twice {c.BatchSize}: each step averages over more transitions") : null,
                Suggest.HuberIfMse(c),
                Suggest.LongerTargetInterval(c, 2, "targets that hold still longer damp the feedback"))));
    }
}
