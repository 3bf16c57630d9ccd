using System.Globalization;
using Flock.Actors.Roles;
using Flock.Actors.Run;

namespace Flock.Actors.Doctor;

/// <summary>
/// The run's returns as the rules compare against them. The greedy evaluation mean (last 100 episodes) is the curve,
/// since it decides "solved"; its value at the first learning row is the baseline (what a barely trained network
/// scores). The scale is the largest return magnitude the task offers: the solve threshold, or the returns seen (their
/// size: for a task of negative returns the source says so, with the signed value).
/// </summary>
public sealed class RunReturns
{
    /// <summary>
    /// A rise above the baseline smaller than this share of the span counts as "flat". A learning run moves its greedy
    /// mean far more (every healthy default run measured went all the way and solved), while the mean of a network that
    /// learns nothing stays where it began (dead CartPole networks: 9.6 to 9.3, under 1% of the span).
    /// </summary>
    public const double FlatShare = 0.1;

    /// <summary>Ending below this share of the span is "far below" the threshold: not even halfway there.</summary>
    public const double FarBelowShare = 0.5;

    public RunReturns(RunRecord run)
    {
        Threshold = run.Environment.SolveThreshold;
        var all = Enumerable.Range(0, run.Rows);
        var eval = run.Finite(MetricsColumns.EvalMeanReturn100, all).ToArray();
        var train = run.Finite(MetricsColumns.TrainMeanReturn, all).ToArray();
        // The return of largest size, sign kept: a task whose returns are negative (Acrobot, MountainCar) is named so.
        var extreme = eval.Concat(train).Select(r => r.Value).DefaultIfEmpty(double.NaN).MaxBy(Math.Abs);
        var observed = Math.Abs(extreme);
        (Scale, ScaleSource) = Threshold is { } t && !(Math.Abs(t) < observed)
            ? (Math.Abs(t), t < 0 ? $"the size of {run.Environment.ThresholdSource}, {DoctorFormat.Number(t)}" : run.Environment.ThresholdSource)
            : (observed, extreme < 0 ? $"the size of the most negative mean return seen, {DoctorFormat.Number(extreme)}" : "the largest mean return seen");

        var firstLearning = run.LearningRows.Count > 0 ? run.LearningRows[0] : int.MaxValue;
        var curve = eval.Where(r => r.Row >= firstLearning).ToArray();
        if (curve.Length > 0)
        {
            Baseline = curve[0];
            Best = curve.MaxBy(r => r.Value);
            Final = curve[^1];
            Curve = curve;
            FullWindowCurve = run.Metrics.Get(MetricsColumns.EvalEpisodes) is null
                ? curve
                : curve.Where(r => run.Value(MetricsColumns.EvalEpisodes, r.Row) >= RunTally.EvalWindowSize).ToArray();
        }

        Lowest = eval.Select(r => r.Value).DefaultIfEmpty(double.NaN).Min();
        Span = Threshold is { } threshold && threshold > Lowest ? threshold - Lowest : Scale;
        Solved = run.Summary?.Solved ?? false;
        EndedSolved = run.Summary?.StopReason == StopReasons.Solved || (Threshold is { } s && Final is { } f && f.Value >= s);
    }

    public double? Threshold { get; }

    /// <summary>Largest return magnitude of the task (NaN when the run recorded no return and the task has no threshold).</summary>
    public double Scale { get; }

    public string ScaleSource { get; }

    /// <summary>The greedy mean from the first learning row on.</summary>
    public IReadOnlyList<(int Row, double Value)> Curve { get; } = [];

    /// <summary>
    /// The part of <see cref="Curve"/> where the mean is over a full window of 100 episodes: before that it averages the
    /// first few episodes of the first weight versions, and one lucky untrained network can move it by hundreds.
    /// </summary>
    public IReadOnlyList<(int Row, double Value)> FullWindowCurve { get; } = [];

    public (int Row, double Value)? Baseline { get; }

    public (int Row, double Value)? Best { get; }

    public (int Row, double Value)? Final { get; }

    /// <summary>The lowest greedy mean of the run, before learning included: where a policy that learnt nothing stands.</summary>
    public double Lowest { get; }

    /// <summary>
    /// The range returns move in: from the lowest greedy mean to the threshold, or the scale when there is no threshold
    /// above it. Measured from the lowest mean, not the first, because an untrained network is sometimes lucky.
    /// </summary>
    public double Span { get; }

    /// <summary>The run reached its threshold at some point (summary.json).</summary>
    public bool Solved { get; }

    /// <summary>The run ended solved: stopped because it solved, or its last greedy mean is at the threshold.</summary>
    public bool EndedSolved { get; }

    /// <summary>
    /// The run solved at some point or ended solved: rules that look for a run that is not learning leave it alone, since
    /// whatever they would blame did not stop it.
    /// </summary>
    public bool Reached => Solved || EndedSolved;

    /// <summary>The greedy mean never rose a <see cref="FlatShare"/> of the span above its baseline.</summary>
    public bool Flat => Baseline is { } b && Best is { } best && double.IsFinite(Span) && best.Value - b.Value < FlatShare * Span;

    /// <summary>The run ended less than <see cref="FarBelowShare"/> of the span above its lowest greedy mean.</summary>
    public bool EndedFarBelow => Final is { } f && double.IsFinite(Span) && f.Value - Lowest < FarBelowShare * Span;

    /// <summary>"the greedy mean return ended at 37.6 (solved at 475)", for evidence texts.</summary>
    public string DescribeFinal() => Final is { } f
        ? string.Create(CultureInfo.InvariantCulture, $"the greedy mean return ended at {DoctorFormat.Number(f.Value)}") + (Threshold is { } t ? $" (solved at {DoctorFormat.Number(t)})" : "")
        : "no greedy evaluation finished";
}
