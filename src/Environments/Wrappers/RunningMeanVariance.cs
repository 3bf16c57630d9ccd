namespace Flock.Environments;

/// <summary>
/// Per-element running mean and variance of a stream of float vectors, by Welford's algorithm in double
/// precision (numerically stable, one pass, no stored samples). The variance is the population variance
/// M2/n, the one a normaliser divides by.
/// </summary>
public sealed class RunningMeanVariance
{
    private readonly double[] _mean;
    private readonly double[] _sumOfSquaredDeviations;

    public RunningMeanVariance(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _mean = new double[size];
        _sumOfSquaredDeviations = new double[size];
    }

    /// <summary>Number of vectors seen.</summary>
    public long Count { get; private set; }

    public int Size => _mean.Length;

    /// <summary>Mean per element; zeros before the first update.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Population variance of element <paramref name="index"/>; 0 until two vectors are seen.</summary>
    public double Variance(int index) => Count == 0 ? 0.0 : _sumOfSquaredDeviations[index] / Count;

    /// <summary>Adds one vector of <see cref="Size"/> elements.</summary>
    public void Update(ReadOnlySpan<float> sample)
    {
        if (sample.Length != _mean.Length)
        {
            throw new ArgumentException($"Expected {_mean.Length} elements, got {sample.Length}.", nameof(sample));
        }

        Count++;
        double n = Count;
        for (var i = 0; i < _mean.Length; i++)
        {
            var delta = sample[i] - _mean[i];
            _mean[i] += delta / n;
            _sumOfSquaredDeviations[i] += delta * (sample[i] - _mean[i]);
        }
    }
}
