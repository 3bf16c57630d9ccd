using Flock.Shared.Messages;

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

public static class QNetworkExtensions
{
    /// <summary>The weights as a broadcastable snapshot (allocates the array it carries).</summary>
    public static WeightSnapshot Snapshot(this IQNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var weights = new float[network.Layout.TotalLength];
        network.CopyWeightsTo(weights);
        return new WeightSnapshot(network.Version, network.Layout.ToArray(), weights);
    }

    /// <summary>Loads a snapshot after checking that its shapes are this network's.</summary>
    public static void Load(this IQNetwork network, WeightSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(snapshot);
        ShapeCheck.ThrowIfDifferent(snapshot.Shapes, network.Layout.Shapes, "weight snapshot");
        network.LoadWeights(snapshot.Weights, snapshot.Version);
    }
}
