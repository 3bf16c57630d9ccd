using System.Diagnostics;

namespace Flock.Shared.Messages;

/// <summary>Shape of one parameter tensor of a network: a weight matrix (Rows × Cols) or a bias (1 × Cols).</summary>
public readonly record struct ParameterShape(int Rows, int Cols)
{
    public int Length => Rows * Cols;
}

/// <summary>
/// All parameters of the online network as one flat float32 array, in the order of <see cref="Shapes"/>,
/// with the version (number of learner updates) they were taken at. Actors swap them in whole.
/// </summary>
public sealed record WeightSnapshot(long Version, ParameterShape[] Shapes, float[] Weights, ActivityContext Trace = default);
