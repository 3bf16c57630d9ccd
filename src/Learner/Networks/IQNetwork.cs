namespace Flock.Learner.Networks;

/// <summary>
/// What actors and evaluation need from a Q-network: batched inference and its weights as one flat array. The
/// managed <see cref="QNetwork"/> implements it; an accelerator-backed network can too without changing callers.
/// </summary>
public interface IQNetwork
{
    QNetworkSpec Spec { get; }

    /// <summary>Shapes and offsets of the flat weights.</summary>
    ParameterLayout Layout { get; }

    /// <summary>Learner updates the current weights were taken at (0 for freshly initialised ones).</summary>
    long Version { get; }

    /// <summary>
    /// Q-values for <paramref name="count"/> observations (count × ObsDim, row-major) into
    /// <paramref name="qValues"/> (count × ActionCount). Not thread-safe: the network owns its scratch memory.
    /// </summary>
    void Forward(ReadOnlySpan<float> observations, int count, Span<float> qValues);

    /// <summary>Copies all parameters, in <see cref="Layout"/> order, into <paramref name="destination"/>.</summary>
    void CopyWeightsTo(Span<float> destination);

    /// <summary>Replaces all parameters (in <see cref="Layout"/> order) and sets <see cref="Version"/>.</summary>
    void LoadWeights(ReadOnlySpan<float> weights, long version);
}
