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

    public float[] Online { get; }

    public float[] Target { get; }

    public float[] AdamFirstMoment { get; }

    public float[] AdamSecondMoment { get; }
}
