using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// A target network synced so often that the targets chase themselves. Judged on the configuration, whether or not the
/// run solved: such a run is one unlucky stretch away from diverging (with an interval of 1, two of four CartPole runs
/// solved, one of them after its Q-values had run away).
/// </summary>
public sealed class TargetSyncTooFrequentRule : IDiagnosisRule
{
    /// <summary>
    /// CleanRL's CartPole DQN syncs every 50 updates (500 steps at a training frequency of 10) and learns; the default
    /// here is 250 and Ape-X used 2,500. Below 50 the target is only a few dozen optimiser steps behind the online
    /// network, so each target moves with the very estimate it should anchor.
    /// </summary>
    public const int MinimumInterval = 50;

    public string Id => "target-sync-too-frequent";

    public string Checks => "target-network sync interval against the update rate";

    public RuleVerdict Judge(RunRecord run)
    {
        var c = run.Config;
        if (c.TargetUpdateInterval >= MinimumInterval)
        {
            return RuleVerdict.Healthy(this);
        }

        if (run.CannotJudge(1, MetricsColumns.TargetSyncs, MetricsColumns.UpdatesPerSecond) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        if (run.Last(MetricsColumns.TargetSyncs) is not { } syncs)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.TargetSyncs, "any row"));
        }

        var at = run.At(syncs.Row);
        var rate = run.MedianUpdatesPerSecond;
        var evidence = new List<Evidence>
        {
            new($"the target network was replaced every {c.TargetUpdateInterval} update{(c.TargetUpdateInterval == 1 ? "" : "s")}: {Count((long)syncs.Value)} times in {Number(at.ElapsedSeconds)} s" +
                (double.IsFinite(rate) ? $", about {Number(rate / c.TargetUpdateInterval)} times a second at the median {Number(rate)} updates/s" : ""), at),
        };
        if (run.Finite(MetricsColumns.MeanAbsQ, run.LearningRows).ToArray() is { Length: > 0 } q)
        {
            var peak = q.MaxBy(r => r.Value);
            evidence.Add(new Evidence($"mean |Q| went from {Number(q[0].Value)} to as high as {Number(peak.Value)}", run.At(q[0].Row), run.At(peak.Row)));
        }

        evidence.Add(new Evidence(run.Returns.DescribeFinal()));
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The target network is synced so often that the targets chase themselves", evidence,
            $"a target only {c.TargetUpdateInterval} update{(c.TargetUpdateInterval == 1 ? "" : "s")} old moves with the online network, so every step changes the targets it is fitting and errors feed back instead of settling",
            Suggest.All(Suggest.LongerTargetInterval(c, 10, "the targets hold still for many updates"))));
    }
}
