using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>The gradient norm clipped almost always: the clip is below the typical gradient, or steps are too large.</summary>
public sealed class GradClipSaturatedRule : IDiagnosisRule
{
    /// <summary>An interval counts as saturated when this share of its updates was clipped: clipping is then the rule, not the exception.</summary>
    public const double SaturatedInterval = 0.9;

    /// <summary>
    /// Share of learning rows that must be saturated: most of the run, not a burst. Healthy default runs clip no update
    /// at all (the clip at 10 sits far above their gradient norms of 0.01–1).
    /// </summary>
    public const double SaturatedRows = 0.8;

    /// <summary>A clip at 4× the typical norm lets ordinary updates through whole and still cuts the spikes.</summary>
    private const double ClipOverTypical = 4;

    public string Id => "grad-clip-saturated";

    public string Checks => "share of updates whose gradient was clipped";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.Config.GradClipNorm == 0)
        {
            return RuleVerdict.NotJudged(this, "not applicable: clipping is off (--grad-clip-norm 0)");
        }

        if (run.CannotJudge(RunRecord.TrendRows, MetricsColumns.GradClippedFraction, MetricsColumns.GradNorm) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var clipped = run.Finite(MetricsColumns.GradClippedFraction, run.LearningRows).ToArray();
        if (clipped.Length == 0)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.GradClippedFraction));
        }

        var saturated = clipped.Where(r => r.Value >= SaturatedInterval).ToArray();
        if (saturated.Length < SaturatedRows * clipped.Length)
        {
            return RuleVerdict.Healthy(this);
        }

        var c = run.Config;
        var typical = Statistics.Median(run.Finite(MetricsColumns.GradNorm, run.LearningRows).Select(r => r.Value));
        if (double.IsNaN(typical))
        {
            // The suggested clip is a multiple of the typical norm: without one there is nothing to suggest.
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.GradNorm));
        }

        var evidence = new List<Evidence>
        {
            new($"{saturated.Length} of {clipped.Length} learning rows clipped at least {Percent(SaturatedInterval)} of their updates (the clip is {FlagValue(c.GradClipNorm)})", run.At(saturated[0].Row), run.At(saturated[^1].Row)),
            new($"the median gradient norm before clipping was {Number(typical)}, {Times(typical / c.GradClipNorm)} the clip"),
        };
        var clipTooLow = c.GradClipNorm < new RunConfig().GradClipNorm;
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The gradient is clipped on almost every update", evidence,
            clipTooLow
                ? $"the clip {FlagValue(c.GradClipNorm)} is below the gradients this task produces, so every step is cut to the same length and large errors pull no harder than small ones"
                : "gradients this large usually come from steps that are too big (the learning rate) or from large rewards; clipping then hides the problem and every step is cut to the same length",
            Suggest.All(
                Suggest.Value(nameof(RunConfig.GradClipNorm), Round2(ClipOverTypical * typical), $"{ClipOverTypical}× the typical gradient norm {Number(typical)}: ordinary updates pass whole, spikes are still cut"),
                clipTooLow ? null : Suggest.LowerLearningRate(c, 4, $"a quarter of {FlagValue(c.LearningRate)}, if the gradients stay large"))));
    }
}
