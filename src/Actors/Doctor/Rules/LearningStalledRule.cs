using System.Globalization;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// Learning stalled on a dead network: the greedy returns never rose while almost no gradient reached the weights for
/// the errors the network still made, the signature of a few far-too-large steps (a huge learning rate) that left the
/// hidden units outputting zero for every input, or of Adam with a tiny ε taking full-size steps on the noise of tiny
/// gradients (MinAtar Seaquest at the default 1e-8).
/// </summary>
public sealed class LearningStalledRule : IDiagnosisRule
{
    /// <summary>
    /// Gradient norm per unit of the loss's error signal (the mean |TD error|, capped at 1 for Huber, whose per-sample
    /// gradient is capped there) below which the network has stopped responding to its errors. Healthy default runs
    /// (CartPole and Acrobot, five seeds each, rows every 0.1 s and 1 s) never went below 0.033 after the first interval
    /// and ended at 0.078–0.29; networks killed by a learning rate of 0.3–1 (CartPole, Acrobot, MountainCar; Huber and
    /// squared error) ended at 0.0006–0.009.
    /// </summary>
    public const double DeadSensitivity = 0.02;

    /// <summary>The end of the run is judged on the median of its last few learning rows, so one partial final interval cannot decide.</summary>
    private const int EndRows = 3;

    public string Id => "learning-stalled";

    public string Checks => "returns that never rose while the gradients vanished";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RunRecord.TrendRows, MetricsColumns.GradNorm, MetricsColumns.MeanAbsTdError, MetricsColumns.EvalMeanReturn100) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var returns = run.Returns;
        if (returns is not { Baseline: { } baseline, Best: { } best, Final: { } final })
        {
            return RuleVerdict.NotJudged(this, "no greedy evaluation finished after learning started");
        }

        // The first interval trains an untrained network and is left out of the end figures.
        var huber = run.Config.Loss == LossKind.Huber;
        var end = run.LearningRows.Skip(1).TakeLast(EndRows).ToArray();
        var gradient = Statistics.Median(run.Finite(MetricsColumns.GradNorm, end).Select(r => r.Value));
        var error = Statistics.Median(run.Finite(MetricsColumns.MeanAbsTdError, end).Select(r => r.Value));
        if (double.IsNaN(gradient) || double.IsNaN(error))
        {
            // Without both figures the sensitivity is NaN, which would pass for healthy without anything having been judged.
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(double.IsNaN(gradient) ? MetricsColumns.GradNorm : MetricsColumns.MeanAbsTdError, $"the last {end.Length} learning rows"));
        }

        var signal = huber ? Math.Min(error, 1) : error;
        var sensitivity = gradient / signal;
        if (returns.Reached || !returns.Flat || !(sensitivity < DeadSensitivity))
        {
            return RuleVerdict.Healthy(this);
        }

        var norms = run.Finite(MetricsColumns.GradNorm, run.LearningRows).ToArray();
        var peak = norms.MaxBy(r => r.Value);
        var evidence = new List<Evidence>
        {
            new($"over the last {end.Length} learning rows the gradient norm was {Number(gradient)} for a mean |TD error| of {Number(error)}: " +
                $"{Number(sensitivity)} per unit of error{(huber ? " (each error counted up to 1, as Huber's gradient does)" : "")}, where learning networks keep above 0.03; the errors remain, but almost no gradient reaches the weights",
                end.Select(run.At).ToArray()),
            new($"the gradient norm fell from {Number(peak.Value)} to {Number(norms[^1].Value)} ({Times(peak.Value / norms[^1].Value)} smaller)", run.At(peak.Row), run.At(norms[^1].Row)),
            new($"the greedy mean return was {Number(baseline.Value)} when learning started, at best {Number(best.Value)}, and {Number(final.Value)} at the end" +
                (returns.Threshold is { } t ? $" (solved at {Number(t)})" : "") + $": never {Percent(RunReturns.FlatShare)} of the way up", run.At(baseline.Row), run.At(best.Row), run.At(final.Row)),
        };
        var (cause, change) = Explain(run.Config);
        return RuleVerdict.Found(this, new Finding(Id, Severity.Critical, "Learning stalled: the gradients vanished and the returns never rose", evidence,
            cause, Suggest.All(change)));
    }

    /// <summary>The likely cause and the change to try: a huge learning rate, then a tiny Adam ε, then neither.</summary>
    private static (string Cause, FlagChange Change) Explain(RunConfig c)
    {
        var usual = new RunConfig().LearningRate;
        if (c.LearningRate > usual)
        {
            return ($"the network died: a few very large steps (learning rate {FlagValue(c.LearningRate)}) pushed the hidden ReLU units to where they output 0 for every input, " +
                    "so no gradient flows through them and the Q-values can no longer follow the observation",
                Suggest.Value(nameof(RunConfig.LearningRate), Round2(Math.Min(c.LearningRate / 10, usual)), $"a tenth of {FlagValue(c.LearningRate)}, at most the default {FlagValue(usual)}, which trains these networks without killing them"));
        }

        var notHuge = $"At learning rate {FlagValue(c.LearningRate)} (the default or below) one huge step is an unlikely cause, and a lower rate may not help: ";
        if (c.AdamEpsilon < NoiseDampingAdamEpsilon / 100)
        {
            return ("the network stopped following the observation: almost no gradient reaches its weights although the errors remain. " + notHuge +
                    $"with Adam's ε at {FlagValue(c.AdamEpsilon)}, weights whose gradients are tiny (sparse inputs, units that rarely fire, rare rewards) " +
                    "have that noise scaled up to steps of about the whole learning rate on every update, and wander instead of learning",
                Suggest.Value(nameof(RunConfig.AdamEpsilon), NoiseDampingAdamEpsilon,
                    "a weight whose gradient is far below ε moves in proportion to it instead of by the whole learning rate (Rainbow's ε; MinAtar Seaquest's preset, which revived it)"));
        }

        return ("the network died: its hidden ReLU units output 0 for (almost) every input, so no gradient flows through them and the Q-values can no longer follow the observation. " + notHuge +
                "targets that carry almost no reward signal, or exploration that never finds the rewards, also let a network collapse onto a constant",
            Suggest.LowerLearningRate(c, 4, $"a quarter of {FlagValue(c.LearningRate)}"));
    }

    /// <summary>The Adam ε the Seaquest and Asterix presets set, which stops Adam from scaling tiny gradients up to full-size steps.</summary>
    private static double NoiseDampingAdamEpsilon { get; } = double.Parse(MinAtarGames.NoiseDampingAdamEpsilon, CultureInfo.InvariantCulture);
}
