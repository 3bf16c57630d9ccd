using Flock.Learner.Dqn;

namespace Flock.Actors.Roles;

/// <summary>
/// The learner's figures summed over the updates since the last report (loss, |Q|, |TD error|, gradient norm,
/// clipping) and their means; NaN when there was no update. The learner actor and the lockstep run both report them.
/// </summary>
public struct UpdateSums
{
    private long _updates;
    private double _loss;
    private double _meanAbsQ;
    private double _gradNorm;
    private double _tdError;
    private long _clipped;
    private double _learningRate;

    public readonly double MeanLoss => Mean(_loss);

    public readonly double MeanAbsQ => Mean(_meanAbsQ);

    public readonly double MeanAbsTdError => Mean(_tdError);

    public readonly double MeanGradNorm => Mean(_gradNorm);

    public readonly double ClippedFraction => Mean(_clipped);

    /// <summary>The learning rate of the last update.</summary>
    public readonly double LearningRate => _updates > 0 ? _learningRate : double.NaN;

    public void Add(UpdateResult result, ReadOnlySpan<float> absTdErrors)
    {
        _updates++;
        _loss += result.Loss;
        _meanAbsQ += result.MeanAbsQ;
        _gradNorm += result.GradientNorm;
        _clipped += result.Clipped ? 1 : 0;
        _learningRate = result.LearningRate;
        double td = 0;
        foreach (var e in absTdErrors)
        {
            td += e;
        }

        _tdError += absTdErrors.Length > 0 ? td / absTdErrors.Length : 0;
    }

    private readonly double Mean(double sum) => _updates > 0 ? sum / _updates : double.NaN;
}
