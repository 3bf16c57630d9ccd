using Flock.Shared.Messages;

namespace Flock.Learner.Networks;

/// <summary>
/// Where each parameter tensor sits in the flat parameter array. The order is fixed and is the wire and checkpoint
/// order: first each convolution's weight matrix (K·K·C_in × filters, rows ordered (ky, kx, channel), i.e. an
/// HWC patch) and bias (1 × filters), then for each dense layer from the input side, its weight matrix (inputs ×
/// outputs, row-major, i.e. the transpose of PyTorch's nn.Linear.weight) and then its bias (1 × outputs). The
/// first dense layer after convolutions reads their output flattened HWC (PyTorch flattens CHW). With a dueling
/// head the last layer's column 0 is the state value and columns 1..A the advantages.
/// </summary>
public sealed class ParameterLayout
{
    private readonly int[] _offsets;
    private readonly int _convolutions;

    public ParameterLayout(QNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _convolutions = spec.Convolutions.Count;
        var shapes = new ParameterShape[2 * (_convolutions + spec.LayerCount)];
        _offsets = new int[shapes.Length];
        var offset = 0;
        for (var tensor = 0; tensor < _convolutions + spec.LayerCount; tensor++)
        {
            var isConvolution = tensor < _convolutions;
            var (rows, cols) = isConvolution
                ? (spec.ConvolutionPatch(tensor), spec.Convolutions[tensor].Filters)
                : (spec.LayerInputs(tensor - _convolutions), spec.LayerOutputs(tensor - _convolutions));
            shapes[2 * tensor] = new ParameterShape(rows, cols);
            shapes[(2 * tensor) + 1] = new ParameterShape(1, cols);
            for (var i = 2 * tensor; i < (2 * tensor) + 2; i++)
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

    /// <summary>Offset of dense layer <paramref name="layer"/>'s weights (dense layers count from 0 after the convolutions).</summary>
    public int WeightOffset(int layer) => _offsets[2 * (_convolutions + layer)];

    public int BiasOffset(int layer) => _offsets[(2 * (_convolutions + layer)) + 1];

    public int ConvolutionWeightOffset(int index) => _offsets[2 * index];

    public int ConvolutionBiasOffset(int index) => _offsets[(2 * index) + 1];

    /// <summary>A copy of the shapes, as a <see cref="WeightSnapshot"/> carries them.</summary>
    public ParameterShape[] ToArray() => [.. Shapes];

    /// <summary>Human name of parameter tensor <paramref name="index"/> for error messages, e.g. "layer 2 weight".</summary>
    public static string Describe(int index) => $"layer {(index / 2) + 1} {(index % 2 == 0 ? "weight" : "bias")}";
}
