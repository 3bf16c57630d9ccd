using Flock.Learner.Checkpoints;
using Flock.Shared.Messages;

namespace Flock.Actors.Roles;

/// <summary>
/// Everything the coordinator has heard about a run, kept outside the coordinator instance so it
/// survives a restart and can be read for the summary once the actor system has stopped. Touched by the
/// coordinator only while the run is live.
/// </summary>
public sealed class RunTally
{
    private readonly Queue<double> _evalWindow = new();
    private double _evalWindowSum;

    public const int EvalWindowSize = 100;

    public Dictionary<int, ActorStats> Actors { get; } = [];

    /// <summary>Non-zero rewards each live actor reported (cumulative per actor).</summary>
    public Dictionary<int, long> NonZeroRewards { get; } = [];

    /// <summary>Latest phase times each environment actor reported.</summary>
    public Dictionary<int, EnvironmentActorTimes> ActorTimes { get; } = [];

    public ReplayStatsReported? Replay { get; set; }

    public LearnerStatsReported? Learner { get; set; }

    /// <summary>Updates reported so far (learner reports are per interval).</summary>
    public long Updates { get; set; }

    public long TargetSyncs { get; set; }

    public long Broadcasts { get; set; }

    public long EvalEpisodes { get; private set; }

    public double? SolvedAtSeconds { get; set; }

    public long? SolvedAtEnvSteps { get; set; }

    /// <summary>Latest cluster figures (cluster mode only).</summary>
    public ClusterStatsReported? Cluster { get; set; }

    public long EnvSteps => Actors.Values.Sum(a => a.EnvSteps) + _retired.EnvSteps;

    public long TrainEpisodes => Actors.Values.Sum(a => a.Episodes) + _retired.Episodes;

    public long EnvErrors => Actors.Values.Sum(a => a.EnvErrors) + _retired.EnvErrors;

    /// <summary>Non-zero rewards of the whole run, retired actors included, so it grows with <see cref="EnvSteps"/>.</summary>
    public long NonZeroRewardsTotal => NonZeroRewards.Values.Sum() + _retired.NonZeroRewards;

    private (long EnvSteps, long Episodes, long EnvErrors, long NonZeroRewards) _retired;

    /// <summary>What earlier sessions of a resumed run did (<see cref="RunProgress.None"/> for a fresh run); counters continue from it.</summary>
    public RunProgress Before { get; private set; } = RunProgress.None;

    /// <summary>The evaluation returns in the window, oldest first (saved with a checkpoint).</summary>
    public IReadOnlyList<double> EvalWindow => [.. _evalWindow];

    /// <summary>Continues a resumed run: its env steps, episodes, evaluation window and moment of solving carry on from <paramref name="before"/>.</summary>
    public void Continue(RunProgress before)
    {
        Before = before;
        _retired = (before.EnvSteps, before.TrainEpisodes, before.EnvErrors, 0);
        foreach (var value in before.EvalWindow.TakeLast(EvalWindowSize))
        {
            _evalWindow.Enqueue(value);
            _evalWindowSum += value;
        }

        EvalEpisodes = before.EvalEpisodes;
        SolvedAtSeconds = before.SolvedAtSeconds;
        SolvedAtEnvSteps = before.SolvedAtEnvSteps;
    }

    /// <summary>The counters a checkpoint keeps, over every session of the run, at <paramref name="elapsedSeconds"/> (also over every session).</summary>
    public RunProgress ProgressAt(double elapsedSeconds, long transitionsInserted, long replaySize) => new()
    {
        EnvSteps = EnvSteps,
        TrainEpisodes = TrainEpisodes,
        EvalEpisodes = EvalEpisodes,
        TransitionsInserted = transitionsInserted,
        ReplaySize = replaySize,
        WeightBroadcasts = Before.WeightBroadcasts + Broadcasts,
        EnvErrors = EnvErrors,
        ElapsedSeconds = elapsedSeconds,
        SolvedAtSeconds = SolvedAtSeconds,
        SolvedAtEnvSteps = SolvedAtEnvSteps,
        EvalWindow = EvalWindow,
    };

    /// <summary>Moves actors that left the run out of the live figures, keeping what they did in the totals.</summary>
    public void Retire(IEnumerable<int> actorIds)
    {
        foreach (var id in actorIds)
        {
            if (Actors.Remove(id, out var stats))
            {
                _retired = (_retired.EnvSteps + stats.EnvSteps, _retired.Episodes + stats.Episodes, _retired.EnvErrors + stats.EnvErrors, _retired.NonZeroRewards);
            }

            if (NonZeroRewards.Remove(id, out var nonZero))
            {
                _retired.NonZeroRewards += nonZero;
            }
        }
    }

    /// <summary>Mean of the last ≤ 100 greedy evaluation episodes; NaN before the first.</summary>
    public double EvalMeanReturn100 => _evalWindow.Count == 0 ? double.NaN : _evalWindowSum / _evalWindow.Count;

    /// <summary>True once 100 evaluation episodes exist, so their mean can decide "solved".</summary>
    public bool EvalWindowFull => _evalWindow.Count == EvalWindowSize;

    public void AddEvalEpisode(double episodeReturn)
    {
        EvalEpisodes++;
        _evalWindow.Enqueue(episodeReturn);
        _evalWindowSum += episodeReturn;
        if (_evalWindow.Count > EvalWindowSize)
        {
            _evalWindowSum -= _evalWindow.Dequeue();
        }
    }
}
