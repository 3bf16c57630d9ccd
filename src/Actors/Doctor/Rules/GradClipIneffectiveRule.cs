using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>Gradient clipping that is never useful: it is off, or set so high that gradient spikes pass unclipped.</summary>
public sealed class GradClipIneffectiveRule : IDiagnosisRule
{
    /// <summary>
    /// An interval whose mean gradient norm is this many times the run's median is a spike: in default CartPole and
    /// Acrobot runs (five seeds each, a row every 0.1 s) no interval after the first exceeded 16× the median.
    /// </summary>
    public const double SpikeFactor = 100;

    /// <summary>A spike interval with fewer of its updates clipped than this passed through essentially unclipped.</summary>
    public const double UnclippedBelow = 0.5;

    /// <summary>A clip at 10× the typical norm never touches ordinary updates and cuts any spike like the one found.</summary>
    private const double ClipOverTypical = 10;

    public string Id => "grad-clip-ineffective";

    public string Checks => "gradient-norm spikes that the clip let through";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RunRecord.TrendRows + 1, MetricsColumns.GradNorm, MetricsColumns.GradClippedFraction) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        // The first interval trains an untrained network, whose gradients are routinely ~10× the later ones; and a
        // network that dies after it would make that first interval look like a spike over a collapsed median.
        var norms = run.Finite(MetricsColumns.GradNorm, run.LearningRows.Skip(1)).ToArray();
        if (norms.Length == 0)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.GradNorm, "the learning rows after the first"));
        }

        var typical = Statistics.Median(norms.Select(r => r.Value));
        var spike = norms.MaxBy(r => r.Value);
        var clippedThere = run.Value(MetricsColumns.GradClippedFraction, spike.Row);
        var c = run.Config;
        if (!(typical > 0) || spike.Value < SpikeFactor * typical || (c.GradClipNorm > 0 && clippedThere >= UnclippedBelow))
        {
            return RuleVerdict.Healthy(this);
        }

        var evidence = new List<Evidence>
        {
            new($"the mean gradient norm spiked to {Number(spike.Value)}, {Times(spike.Value / typical)} the run's median {Number(typical)}", run.At(spike.Row)),
            new(c.GradClipNorm == 0
                ? "clipping was off (--grad-clip-norm 0)"
                : $"the clip at {FlagValue(c.GradClipNorm)} cut only {Percent(double.IsFinite(clippedThere) ? clippedThere : 0)} of that interval's updates", run.At(spike.Row)),
            new(run.Returns.DescribeFinal()),
        };
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "Gradient spikes pass unclipped", evidence,
            "a few batches with huge TD errors produced gradients hundreds of times the usual, and nothing bounded the step they took; such steps undo what the network had learnt" +
            (c.Loss == LossKind.Mse ? " (the squared-error loss makes those gradients grow with the error)" : ""),
            Suggest.All(
                Suggest.Value(nameof(RunConfig.GradClipNorm), Round2(ClipOverTypical * typical), $"{ClipOverTypical}× the typical norm {Number(typical)}: ordinary updates untouched, spikes cut"),
                Suggest.HuberIfMse(c))));
    }
}
