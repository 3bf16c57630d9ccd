using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>A target network synced so rarely that learning stalls on targets from a nearly untrained network. Judged only for runs that did not solve.</summary>
public sealed class TargetSyncTooRareRule : IDiagnosisRule
{
    /// <summary>With fewer refreshes than this in the whole run, every target came from a network at most two copies away from the initial one.</summary>
    public const int MinimumSyncs = 3;

    /// <summary>Updates the learner must have made for missing syncs to matter: the default interval (250) syncs four times in 1,000.</summary>
    public const long MinimumUpdates = 1000;

    /// <summary>Suggested refreshes over a run as long as this one: enough that the targets keep up with learning.</summary>
    private const int SyncsPerRun = 20;

    public string Id => "target-sync-too-rare";

    public string Checks => "target-network syncs over the run";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(1, MetricsColumns.TargetSyncs, MetricsColumns.Updates) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        if (run.Last(MetricsColumns.TargetSyncs) is not { } syncs)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.TargetSyncs, "any row"));
        }

        if (run.Last(MetricsColumns.Updates) is not { } lastUpdates)
        {
            return RuleVerdict.NotJudged(this, RunRecord.NoValues(MetricsColumns.Updates, "any row"));
        }

        var updates = (long)lastUpdates.Value;
        if (updates < MinimumUpdates)
        {
            return RuleVerdict.NotJudged(this, $"needs {Count(MinimumUpdates)} learner updates, the run made {Count(updates)}");
        }

        if (syncs.Value >= MinimumSyncs || run.Returns.Reached)
        {
            return RuleVerdict.Healthy(this);
        }

        var c = run.Config;
        var evidence = new List<Evidence>
        {
            new($"the target network was refreshed {Count((long)syncs.Value)} time{(syncs.Value == 1 ? "" : "s")} in {Count(updates)} updates (every {Count(c.TargetUpdateInterval)})", run.At(syncs.Row)),
            new(run.Returns.DescribeFinal()),
        };
        if (c.BroadcastInterval == 0)
        {
            evidence.Add(new Evidence("with --broadcast-interval 0 the actors got new weights only at those syncs, so they acted with the initial network too"));
        }

        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The target network is synced so rarely that learning stalls", evidence,
            "every target was computed by a network close to the initial one, so the learner kept fitting values that do not improve as it learns",
            Suggest.All(Suggest.Value(nameof(RunConfig.TargetUpdateInterval), Round2(updates / (double)SyncsPerRun, 100), $"about {SyncsPerRun} refreshes in a run as long as this one"))));
    }
}
