using Flock.Shared.Messages;

namespace Flock.Learner.Networks;

/// <summary>
/// Where each parameter tensor sits in the flat parameter array. The order is fixed and is the wire and checkpoint
/// order: for each dense layer from the input side, its weight matrix (inputs × outputs, row-major, i.e. the
/// transpose of PyTorch's nn.Linear.weight) and then its bias (1 × outputs). With a dueling head the last layer's
/// column 0 is the state value and columns 1..A the advantages.
/// </summary>
public sealed class ParameterLayout
{
    private readonly int[] _offsets;

    public ParameterLayout(QNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var shapes = new ParameterShape[2 * spec.LayerCount];
        _offsets = new int[shapes.Length];
        var offset = 0;
        for (var layer = 0; layer < spec.LayerCount; layer++)
        {
            shapes[2 * layer] = new ParameterShape(spec.LayerInputs(layer), spec.LayerOutputs(layer));
            shapes[(2 * layer) + 1] = new ParameterShape(1, spec.LayerOutputs(layer));
            for (var i = 2 * layer; i < (2 * layer) + 2; i++)
            {
                _offsets[i] = offset;
                offset = checked(offset + shapes[i].Length);
            }
        }

        Shapes = shapes;
        TotalLength = offset;
    }

    /// <summary>Shapes in flat order: weight₀, bias₀, weight₁, bias₁, …</summary>
    public IReadOnlyList<ParameterShape> Shapes { get; }

    /// <summary>Floats in the flat parameter array.</summary>
    public int TotalLength { get; }

    public int WeightOffset(int layer) => _offsets[2 * layer];

    public int BiasOffset(int layer) => _offsets[(2 * layer) + 1];

    /// <summary>A copy of the shapes, as a <see cref="WeightSnapshot"/> carries them.</summary>
    public ParameterShape[] ToArray() => [.. Shapes];

    /// <summary>Human name of parameter tensor <paramref name="index"/> for error messages, e.g. "layer 2 weight".</summary>
    public static string Describe(int index) => $"layer {(index / 2) + 1} {(index % 2 == 0 ? "weight" : "bias")}";
}
