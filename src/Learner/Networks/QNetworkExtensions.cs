using Flock.Shared.Messages;

namespace Flock.Learner.Networks;

/// <summary>Weight snapshots of any <see cref="IQNetwork"/>: what the learner broadcasts and actors load.</summary>
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
