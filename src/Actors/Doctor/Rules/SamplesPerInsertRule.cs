using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>Samples per insert far from its target: the actors outrunning the learner, or the learner reusing too little data.</summary>
public sealed class SamplesPerInsertRule : IDiagnosisRule
{
    /// <summary>
    /// Off target beyond this factor either way. The rate limiter keeps the ratio within tolerance ÷ inserted of the
    /// target, so healthy default runs end at 0.79–0.96 of it (CartPole and Acrobot, five seeds each); half or double
    /// the target means the learner uses each transition a different number of times than the run was tuned for.
    /// </summary>
    public const double OffFactor = 2;

    /// <summary>Judged once this many replay-min-sizes were inserted, so the warm-up (inserted, not yet sampled) weighs less than a tenth.</summary>
    public const int WarmUpMultiple = 10;

    /// <summary>Suggested slack in learner batches: enough that neither side stalls on noise, small enough that the ratio holds.</summary>
    private const int SlackBatches = 20;

    public string Id => "samples-per-insert-off-target";

    public string Checks => "sampled ÷ inserted transitions against --samples-per-insert";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(1, MetricsColumns.SamplesPerInsert, MetricsColumns.TransitionsInserted) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var c = run.Config;
        var warmedUp = (double)WarmUpMultiple * c.ReplayMinSize;
        var rows = run.Finite(MetricsColumns.SamplesPerInsert, Enumerable.Range(0, run.Rows))
            .Where(r => run.Value(MetricsColumns.TransitionsInserted, r.Row) >= warmedUp).ToArray();
        if (rows.Length == 0)
        {
            return RuleVerdict.NotJudged(this, $"needs {Count((long)warmedUp)} inserted transitions ({WarmUpMultiple}× replay-min-size), the run inserted {Count((long)(run.Last(MetricsColumns.TransitionsInserted)?.Value ?? 0))}");
        }

        var last = rows[^1];
        var ratio = last.Value / c.SamplesPerInsert;
        if (ratio is >= 1 / OffFactor and <= OffFactor)
        {
            return RuleVerdict.Healthy(this);
        }

        var inserted = run.Value(MetricsColumns.TransitionsInserted, last.Row);
        var evidence = new List<Evidence>
        {
            new($"the learner sampled {Number(last.Value)} transitions per transition inserted; the target is {FlagValue(c.SamplesPerInsert)}", run.At(last.Row)),
            new($"--samples-per-insert-tolerance {FlagValue(c.SamplesPerInsertTolerance)} lets the ratio drift by up to {Number(c.SamplesPerInsertTolerance / inserted)} over this run's {Count((long)inserted)} inserts"),
        };
        if (run.MedianUpdatesPerSecond is var updates && double.IsFinite(updates))
        {
            evidence.Add(new Evidence($"the learner made a median {Number(updates)} updates/s × {c.BatchSize} transitions = {Count((long)(updates * c.BatchSize))} samples/s"));
        }

        var outrun = ratio < 1;
        var slack = (double)SlackBatches * c.BatchSize;
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning,
            outrun ? "The actors outrun the learner" : "The learner is starved of new data", evidence,
            outrun
                ? "the learner cannot keep up with the actors and the rate limiter's slack never makes them wait, so most transitions are sampled a few times or never and the actors keep acting with a policy that learns slowly"
                : "the actors cannot keep up with the learner and the rate limiter's slack never makes it wait, so it trains on the same few transitions over and over and overfits them",
            Suggest.All(c.SamplesPerInsertTolerance > slack
                ? Suggest.Value(nameof(RunConfig.SamplesPerInsertTolerance), slack, $"{SlackBatches} batches of {c.BatchSize}: the faster side waits, and the ratio holds")
                : null),
            outrun ? "with the ratio held, the run's speed becomes the learner's: a smaller --hidden or fewer --actors loses less wall time" : null));
    }
}
