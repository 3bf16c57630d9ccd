using Flock.Shared.Messages;

namespace Flock.Learner.Networks;

/// <summary>
/// Architecture of a Q-network: a multilayer perceptron from <see cref="ObsDim"/> inputs through ReLU hidden
/// layers of <see cref="HiddenSizes"/> to one Q-value per action, optionally through a dueling head.
/// </summary>
public sealed record QNetworkSpec
{
    public QNetworkSpec(int obsDim, int actionCount, IReadOnlyList<int> hiddenSizes, bool dueling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(obsDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        foreach (var size in hiddenSizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(hiddenSizes));
        }

        ObsDim = obsDim;
        ActionCount = actionCount;
        HiddenSizes = [.. hiddenSizes];
        Dueling = dueling;
    }

    /// <summary>Floats in one observation: the input width.</summary>
    public int ObsDim { get; }

    /// <summary>Discrete actions: the output width.</summary>
    public int ActionCount { get; }

    /// <summary>Widths of the ReLU hidden layers, input side first; empty means a linear Q-function.</summary>
    public IReadOnlyList<int> HiddenSizes { get; }

    /// <summary>
    /// Dueling head (Wang et al. 2016): the last layer outputs a state value V and one advantage per action, and
    /// Q = V + A − mean(A). Value and advantage share the hidden layers and live in one fused output layer.
    /// </summary>
    public bool Dueling { get; }

    /// <summary>Width of the last layer: the actions, plus the value column when dueling.</summary>
    public int HeadWidth => Dueling ? ActionCount + 1 : ActionCount;

    /// <summary>Dense layers, hidden ones and the head.</summary>
    public int LayerCount => HiddenSizes.Count + 1;

    /// <summary>Input width of dense layer <paramref name="layer"/>.</summary>
    public int LayerInputs(int layer) => layer == 0 ? ObsDim : HiddenSizes[layer - 1];

    /// <summary>Output width of dense layer <paramref name="layer"/>.</summary>
    public int LayerOutputs(int layer) => layer == HiddenSizes.Count ? HeadWidth : HiddenSizes[layer];

    public ParameterLayout CreateLayout() => new(this);

    public bool Equals(QNetworkSpec? other) =>
        other is not null
        && ObsDim == other.ObsDim
        && ActionCount == other.ActionCount
        && Dueling == other.Dueling
        && HiddenSizes.SequenceEqual(other.HiddenSizes);

    public override int GetHashCode()
    {
        var hash = HashCode.Combine(ObsDim, ActionCount, Dueling);
        foreach (var size in HiddenSizes)
        {
            hash = HashCode.Combine(hash, size);
        }

        return hash;
    }

    public override string ToString() =>
        $"{ObsDim}-{string.Join('-', HiddenSizes)}{(HiddenSizes.Count > 0 ? "-" : string.Empty)}{ActionCount}{(Dueling ? " dueling" : string.Empty)}";
}

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
