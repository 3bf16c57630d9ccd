using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>The loss exploding: one interval's mean loss far above everything the run had seen before it.</summary>
public sealed class LossExplosionRule : IDiagnosisRule
{
    /// <summary>
    /// The loss follows the TD errors, which grow with the value estimates; in healthy runs that is smooth, so one
    /// interval's loss stays within a few times the median of the earlier ones (default CartPole and Acrobot runs, five
    /// seeds each, a row every 0.1 s: at most 6×). A 100× jump means the targets moved far faster than learning can
    /// explain.
    /// </summary>
    public const double JumpFactor = 100;

    /// <summary>Rows before a jump: the median of two intervals is the least that is not one noisy interval.</summary>
    private const int RowsBefore = 2;

    public string Id => "loss-explosion";

    public string Checks => "jumps of the loss against its earlier median";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RowsBefore + 1, MetricsColumns.Loss) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var loss = run.Finite(MetricsColumns.Loss, run.LearningRows).ToArray();
        (int Row, double Value, double Before, double Ratio)? worst = null;

        // The median of the rows before each row, carried along: linear-logarithmic in the rows, a day-long run included.
        var earlier = new RunningMedian();
        for (var i = 0; i < loss.Length; i++)
        {
            if (i < RowsBefore)
            {
                earlier.Add(loss[i].Value);
                continue;
            }

            var before = earlier.Median;
            earlier.Add(loss[i].Value);
            var ratio = loss[i].Value / before;
            if (before > 0 && ratio >= JumpFactor && (worst is null || ratio > worst.Value.Ratio))
            {
                worst = (loss[i].Row, loss[i].Value, before, ratio);
            }
        }

        if (worst is not { } jump)
        {
            return RuleVerdict.Healthy(this);
        }

        var evidence = new List<Evidence>
        {
            new($"the loss jumped to {Number(jump.Value)}, {Times(jump.Ratio)} the median {Number(jump.Before)} of the learning rows before it", run.At(jump.Row)),
        };
        if (run.Value(MetricsColumns.MeanAbsTdError, jump.Row) is var td && double.IsFinite(td))
        {
            evidence.Add(new Evidence($"mean |TD error| in that interval: {Number(td)}", run.At(jump.Row)));
        }

        evidence.Add(new Evidence(run.Returns.DescribeFinal()));
        var c = run.Config;
        return RuleVerdict.Found(this, new Finding(Id, Severity.Critical, "The loss exploded", evidence,
            $"some targets moved far in one interval and the update followed them: {(c.Loss == LossKind.Mse ? "the squared-error loss lets one large TD error dominate" : "the Huber loss bounds each error's pull, so the steps themselves were too large")}" +
            $" (learning rate {FlagValue(c.LearningRate)}, {(c.GradClipNorm == 0 ? "no gradient clipping" : $"gradients clipped at {FlagValue(c.GradClipNorm)}")})",
            Suggest.All(
                Suggest.HuberIfMse(c),
                Suggest.ClipIfOff(c),
                Suggest.LowerLearningRate(c, 4, $"a quarter of {FlagValue(c.LearningRate)}: one bad batch moves the weights less"))));
    }
}
