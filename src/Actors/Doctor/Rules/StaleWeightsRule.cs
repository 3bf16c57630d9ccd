using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>Actors acting with stale weights: a large gap between the learner's weights version and the one the slowest actor uses.</summary>
public sealed class StaleWeightsRule : IDiagnosisRule
{
    /// <summary>
    /// Median lag (in learner updates: the weights version) at or above which the actors act with a policy the learner
    /// has long since changed. With the default broadcast every 250 updates the median stayed at or below 154 (CartPole
    /// and Acrobot, five seeds each), and Ape-X actors refreshed every 400 frames, a few hundred updates; 2,000 is 8×
    /// the default interval.
    /// </summary>
    public const double StaleLag = 2000;

    public string Id => "stale-weights";

    public string Checks => "weights-version lag of the slowest actor";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(RunRecord.TrendRows, MetricsColumns.WeightsVersionLagMax) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        var lags = run.Finite(MetricsColumns.WeightsVersionLagMax, run.LearningRows).ToArray();
        if (lags.Length == 0)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.WeightsVersionLagMax));
        }

        var median = Statistics.Median(lags.Select(l => l.Value));
        if (median < StaleLag)
        {
            return RuleVerdict.Healthy(this);
        }

        var c = run.Config;
        var interval = c.BroadcastInterval == 0 ? c.TargetUpdateInterval : c.BroadcastInterval;
        var cadence = c.BroadcastInterval == 0
            ? $"weights are broadcast at each target sync, every {Count(interval)} updates (--broadcast-interval 0)"
            : $"weights are broadcast every {Count(interval)} updates (--broadcast-interval)";
        var worst = lags.MaxBy(l => l.Value);
        var rate = run.MedianUpdatesPerSecond;
        var evidence = new List<Evidence>
        {
            new($"the slowest actor acted with weights a median {Count((long)median)} updates behind the learner" +
                (rate > 0 ? $" (about {Number(median / rate)} s at {Number(rate)} updates/s)" : "") + $"; at worst {Count((long)worst.Value)}", run.At(lags[0].Row), run.At(worst.Row), run.At(lags[^1].Row)),
            new(cadence),
        };
        var usual = new RunConfig().TargetUpdateInterval;
        var broadcastTooRare = interval > usual;
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The actors act with stale weights", evidence,
            broadcastTooRare
                ? "the learner broadcasts too rarely: the actors keep collecting data with a policy thousands of updates old, so the replay fills with the behaviour of a network the learner has left behind"
                : "the actors swap in new weights late although they are broadcast often: the network to the actor nodes is slow or the actors are too busy stepping to take them in",
            Suggest.All(broadcastTooRare ? Suggest.Value(nameof(RunConfig.BroadcastInterval), (long)usual, $"every {usual} updates, as often as a default run") : null),
            broadcastTooRare ? null : "measure the broadcast latency with `flockrl bench cluster` (broadcast_p99_ms) and give the actor nodes fewer --envs-per-actor"));
    }
}
