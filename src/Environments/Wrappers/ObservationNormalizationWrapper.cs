namespace Flock.Environments;

/// <summary>
/// Normalises observations to roughly zero mean and unit variance with running statistics, then clips to
/// ±<see cref="Clip"/>, like Gymnasium's <c>NormalizeObservation</c>: each raw observation first updates the
/// statistics (unless <see cref="Frozen"/>), then is written as (x − mean) / sqrt(variance + ε).
/// </summary>
public sealed class ObservationNormalizationWrapper : EnvironmentWrapper
{
    private readonly float _clip;
    private readonly double _epsilon;

    public ObservationNormalizationWrapper(IEnvironment inner, float clip = 10f, double epsilon = 1e-8)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        _clip = clip;
        _epsilon = epsilon;
        Statistics = new RunningMeanVariance(inner.ObservationSpace.Size);
        ObservationSpace = Box.Vector(inner.ObservationSpace.Size, -clip, clip);
    }

    /// <summary>The running statistics of the raw observations seen so far.</summary>
    public RunningMeanVariance Statistics { get; }

    /// <summary>When true the statistics stop updating, e.g. while evaluating a trained policy.</summary>
    public bool Frozen { get; set; }

    public float Clip => _clip;

    /// <summary>Normalised observations are flat and lie within ±<see cref="Clip"/>.</summary>
    public override Box ObservationSpace { get; }

    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        Inner.Reset(observation, seed);
        Normalize(observation[..Statistics.Size]);
    }

    public override StepResult Step(int action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        Normalize(observation[..Statistics.Size]);
        return result;
    }

    private void Normalize(Span<float> observation)
    {
        if (!Frozen)
        {
            Statistics.Update(observation);
        }

        var mean = Statistics.Mean;
        for (var i = 0; i < observation.Length; i++)
        {
            var scaled = (observation[i] - mean[i]) / Math.Sqrt(Statistics.Variance(i) + _epsilon);
            observation[i] = (float)Math.Clamp(scaled, -_clip, _clip);
        }
    }
}
