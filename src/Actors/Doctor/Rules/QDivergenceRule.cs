using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// Q-values diverging: the learner stopped the run on a NaN/∞ loss, metrics.csv recorded a NaN/∞ loss or Q-value
/// (evidence enough on its own, with no summary.json), or mean |Q| grew far beyond any return the task can give.
/// </summary>
public sealed class QDivergenceRule : IDiagnosisRule
{
    /// <summary>
    /// A Q-value is a discounted return, so for rewards of one sign it cannot exceed the largest undiscounted return:
    /// a correct estimate stays below 1× the scale, and healthy default runs stay below 0.2× (CartPole and Acrobot, five
    /// seeds each: at most 0.16×). Twice the scale leaves room for overestimation and mixed-sign
    /// rewards and is still out of reach of any run that learns.
    /// </summary>
    public const double ScaleFactor = 2;

    public string Id => "q-divergence";

    public string Checks => "NaN/∞ loss or Q-values; mean |Q| against the return scale";

    /// <summary>Columns whose NaN or ∞ means the network diverged.</summary>
    private static readonly string[] DivergingColumns = [MetricsColumns.Loss, MetricsColumns.MeanAbsQ, MetricsColumns.MeanAbsTdError, MetricsColumns.GradNorm];

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.Summary?.Error is { } error && error.Contains(LearnerActor.DivergedPhrase, StringComparison.Ordinal))
        {
            var evidence = new List<Evidence> { new($"the learner stopped the run: {error}") };
            if (run.Last(MetricsColumns.MeanAbsQ) is { } lastQ)
            {
                evidence.Add(new Evidence($"the last finite mean |Q| was {Number(lastQ.Value)}", run.At(lastQ.Row)));
            }

            return RuleVerdict.Found(this, Diverged(run, evidence, "the loss or Q-values became NaN/∞"));
        }

        var nonFinite = DivergingColumns.Select(c => (Column: c, Row: run.Metrics.FirstNonFinite(c))).Where(c => c.Row is not null).ToArray();
        if (nonFinite.Length > 0)
        {
            var evidence = nonFinite.Select(c => new Evidence($"metrics.csv records {c.Column} = {Number(run.Value(c.Column, c.Row!.Value))}", run.At(c.Row!.Value))).ToList();
            return RuleVerdict.Found(this, Diverged(run, evidence, "the loss or Q-values became NaN/∞"));
        }

        if (run.CannotJudge(1, MetricsColumns.MeanAbsQ) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var scale = run.Returns.Scale;
        if (!double.IsFinite(scale) || scale == 0)
        {
            return RuleVerdict.NotJudged(this, "no return scale: the environment has no solve threshold and no episode return was recorded");
        }

        var q = run.Finite(MetricsColumns.MeanAbsQ, run.LearningRows).ToArray();
        if (q.Length == 0)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.MeanAbsQ));
        }

        var peak = q.MaxBy(r => r.Value);
        if (peak.Value <= ScaleFactor * scale)
        {
            return RuleVerdict.Healthy(this);
        }

        var found = new List<Evidence>
        {
            new($"mean |Q| reached {Number(peak.Value)}, {Times(peak.Value / scale)} the return scale {Number(scale)} ({run.Returns.ScaleSource}); no return of this task is that large", run.At(peak.Row)),
            new($"it was {Number(q[0].Value)} at the first learning row: {Times(peak.Value / q[0].Value)} growth", run.At(q[0].Row)),
        };
        if (q[^1].Row != peak.Row)
        {
            found.Add(new Evidence($"at the last learning row it was {Number(q[^1].Value)}", run.At(q[^1].Row)));
        }

        found.Add(new Evidence(run.Returns.DescribeFinal()));
        return RuleVerdict.Found(this, Diverged(run, found, "mean |Q| left the range of real returns"));
    }

    private Finding Diverged(RunRecord run, IReadOnlyList<Evidence> evidence, string what)
    {
        var c = run.Config;
        var changes = Suggest.All(
            Suggest.LowerLearningRate(c, 4, $"a quarter of {FlagValue(c.LearningRate)}: smaller steps let the targets settle between syncs"),
            Suggest.LongerTargetInterval(c, 4, "targets that stay put longer cannot chase the estimate upwards"),
            Suggest.HuberIfMse(c),
            Suggest.ClipIfOff(c),
            c.Gamma > 0.995 ? Suggest.Value(nameof(RunConfig.Gamma), 0.99, $"γ = {FlagValue(c.Gamma)} sums about {Count((long)Math.Min(1e9, 1 / Math.Max(1e-9, 1 - c.Gamma)))} steps into every value, amplifying any bias that much") : null);
        return new Finding(Id, Severity.Critical, "Q-values diverged", evidence,
            $"{what}: bootstrapped targets fed on themselves, each update raising the targets of the next (learning rate {FlagValue(c.LearningRate)}, " +
            $"target synced every {c.TargetUpdateInterval} updates, {(c.Loss == LossKind.Mse ? "squared-error" : "Huber")} loss, " +
            $"{(c.GradClipNorm == 0 ? "no gradient clipping" : $"gradients clipped at {FlagValue(c.GradClipNorm)}")}, γ = {FlagValue(c.Gamma)})",
            changes);
    }
}
