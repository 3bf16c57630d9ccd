using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>
/// A replay too small for the actors: it cannot hold one episode from each environment, so data is evicted soon after it
/// arrives and the learner samples a few correlated stretches of recent play.
/// </summary>
public sealed class ReplayTooSmallRule : IDiagnosisRule
{
    /// <summary>Suggested capacity in episodes per environment: several, so the sample mixes old and new play of every environment.</summary>
    private const int EpisodesPerEnvironment = 4;

    public string Id => "replay-too-small";

    public string Checks => "replay capacity against actors × environments × episode length";

    public RuleVerdict Judge(RunRecord run)
    {
        var c = run.Config;
        if (EpisodeLength(run) is not { } episode)
        {
            return RuleVerdict.NotJudged(this, "no episode length: the environment is not loadable here and no training episode finished");
        }

        var environments = (long)run.ActorCount * c.EnvsPerActor;
        var needed = environments * episode.Steps;
        if (c.ReplayCapacity >= needed)
        {
            return RuleVerdict.Healthy(this);
        }

        var evidence = new List<Evidence>
        {
            new($"the replay holds {Count(c.ReplayCapacity)} transitions, less than one episode per environment: {Count(environments)} environments " +
                $"({run.ActorCount} actors × {c.EnvsPerActor}{(run.IsCluster ? " as configured; nodes may differ" : "")}) × {Count(episode.Steps)} steps ({episode.Source}) = {Count(needed)}"),
        };
        var full = run.Finite(MetricsColumns.ReplaySize, Enumerable.Range(0, run.Rows)).Where(r => r.Value >= c.ReplayCapacity)
            .Select(r => ((int Row, double Value)?)r).FirstOrDefault();
        if (full is { } filled && run.Last(MetricsColumns.TransitionsInserted) is { } end && end.Row > filled.Row)
        {
            var start = run.At(filled.Row);
            var stop = run.At(end.Row);
            var insertRate = (end.Value - run.Value(MetricsColumns.TransitionsInserted, filled.Row)) / (stop.ElapsedSeconds - start.ElapsedSeconds);
            var updateRate = run.MedianUpdatesPerSecond;
            if (insertRate > 0)
            {
                var lifetime = c.ReplayCapacity / insertRate;
                evidence.Add(new Evidence($"it was full from {Number(start.ElapsedSeconds)} s on; at {Count((long)insertRate)} inserts/s each transition stayed about {Number(lifetime)} s" +
                    (double.IsFinite(updateRate) ? $", {Number(lifetime * updateRate)} learner updates," : "") + " before it was overwritten", start, stop));
            }
        }

        evidence.Add(new Evidence(run.Returns.DescribeFinal()));
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The replay is too small for the number of actors and the episode length", evidence,
            "the replay keeps only the newest few steps of each environment, so transitions are evicted almost as soon as they arrive and every batch is drawn from the same short, correlated stretch of recent play",
            Suggest.All(Suggest.Value(nameof(RunConfig.ReplayCapacity), Math.Min((long)Suggest.Max(nameof(RunConfig.ReplayCapacity)), Round2(EpisodesPerEnvironment * (double)needed, 1)), $"{EpisodesPerEnvironment} episodes per environment"))));
    }

    /// <summary>
    /// The environment's time limit, else the longest mean episode of any metrics interval. MinAtar's limit is only
    /// a guard (10,000 steps; MinAtar has none) and overstates the episode, so for those games the longest observed
    /// mean is used when it is below the limit.
    /// </summary>
    private static (long Steps, string Source)? EpisodeLength(RunRecord run)
    {
        var longest = Enumerable.Range(1, Math.Max(0, run.Rows - 1))
            .Select(r => (Steps: run.Value(MetricsColumns.EnvSteps, r) - run.Value(MetricsColumns.EnvSteps, r - 1), Episodes: run.Value(MetricsColumns.TrainEpisodes, r) - run.Value(MetricsColumns.TrainEpisodes, r - 1)))
            .Where(d => d.Episodes > 0 && d.Steps > 0)
            .Select(d => d.Steps / d.Episodes)
            .DefaultIfEmpty(double.NaN)
            .Max();
        var observed = double.IsFinite(longest) ? ((long)Math.Ceiling(longest), "the longest mean episode of any metrics interval") : ((long, string)?)null;
        if (run.Environment.MaxEpisodeSteps is { } limit)
        {
            return observed is { } seen && Environments.MinAtarGames.IsMinAtar(run.Config.Env) && seen.Item1 < limit
                ? (seen.Item1, $"the longest mean episode of any metrics interval; the time limit of {Count(limit)} is never approached")
                : (limit, "the environment's time limit");
        }

        return observed;
    }
}
