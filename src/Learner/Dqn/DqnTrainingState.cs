using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;

namespace Flock.Learner.Dqn;

/// <summary>
/// Everything needed to resume training, independent of the backend that produced it: both networks, Adam's
/// moments and step, and the learner's counters. This is what a checkpoint file holds.
/// </summary>
public sealed class DqnTrainingState
{
    public DqnTrainingState(QNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        var length = spec.CreateLayout().TotalLength;
        Online = new float[length];
        Target = new float[length];
        AdamFirstMoment = new float[length];
        AdamSecondMoment = new float[length];
    }

    public QNetworkSpec Spec { get; }

    /// <summary>Learner updates done; also the online weights' version.</summary>
    public long Updates { get; set; }

    /// <summary>Times the target network was refreshed.</summary>
    public long TargetSyncs { get; set; }

    /// <summary>Adam's step count t.</summary>
    public long AdamStep { get; set; }

    /// <summary>Where the run stood (env steps, episodes, evaluation window); <see cref="RunProgress.None"/> for the learner's own export.</summary>
    public RunProgress Progress { get; set; } = RunProgress.None;

    /// <summary>
    /// Mean return of <see cref="EvaluationEpisodes"/> greedy episodes played with exactly <see cref="Online"/>,
    /// for a checkpoint of evaluated weights (a run's <c>checkpoint.bin</c>); null when not evaluated.
    /// </summary>
    public double? EvaluationMeanReturn { get; set; }

    /// <summary>Greedy episodes behind <see cref="EvaluationMeanReturn"/>; 0 when not evaluated.</summary>
    public int EvaluationEpisodes { get; set; }

    public float[] Online { get; }

    public float[] Target { get; }

    public float[] AdamFirstMoment { get; }

    public float[] AdamSecondMoment { get; }
}
