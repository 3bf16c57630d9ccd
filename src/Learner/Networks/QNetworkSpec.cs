using Flock.Shared.Networks;

namespace Flock.Learner.Networks;

/// <summary>
/// Architecture of a Q-network: optional ReLU convolutions over an observation of shape (height, width,
/// channels) laid out HWC, then a multilayer perceptron from the (flattened) result through ReLU hidden layers
/// of <see cref="HiddenSizes"/> to one Q-value per action, optionally through a dueling head.
/// </summary>
public sealed record QNetworkSpec
{
    /// <summary>An MLP over <paramref name="obsDim"/> flat inputs.</summary>
    public QNetworkSpec(int obsDim, int actionCount, IReadOnlyList<int> hiddenSizes, bool dueling)
        : this([obsDim], actionCount, NetworkArchitecture.Mlp(hiddenSizes ?? throw new ArgumentNullException(nameof(hiddenSizes))), dueling)
    {
    }

    /// <summary>The network <paramref name="architecture"/> describes for observations of <paramref name="observationShape"/>.</summary>
    /// <exception cref="ArgumentException">Convolutions without a 3-D shape, or one that does not fit its input.</exception>
    public QNetworkSpec(IReadOnlyList<int> observationShape, int actionCount, NetworkArchitecture architecture, bool dueling)
    {
        ArgumentNullException.ThrowIfNull(observationShape);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        foreach (var size in observationShape)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(observationShape));
        }

        foreach (var size in architecture.Hidden)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(architecture));
        }

        if (!architecture.TryConvolutionOutput(observationShape, out var convolutionOutput, out var problem))
        {
            throw new ArgumentException(problem, nameof(architecture));
        }

        ObsDim = observationShape.Aggregate(1, (a, b) => checked(a * b));
        ActionCount = actionCount;
        Architecture = architecture;
        HiddenSizes = architecture.Hidden;
        Convolutions = architecture.Convolutions;
        Dueling = dueling;
        InputShape = architecture.HasConvolutions ? [.. observationShape] : [ObsDim];
        FlatFeatures = checked(convolutionOutput.Height * convolutionOutput.Width * convolutionOutput.Channels);
        if (architecture.HasConvolutions)
        {
            var shapes = new (int Height, int Width, int Channels)[Convolutions.Count + 1];
            shapes[0] = (observationShape[0], observationShape[1], observationShape[2]);
            for (var i = 0; i < Convolutions.Count; i++)
            {
                var c = Convolutions[i];
                shapes[i + 1] = (c.OutputSize(shapes[i].Height), c.OutputSize(shapes[i].Width), c.Filters);
            }

            _convolutionShapes = shapes;
        }
    }

    private readonly (int Height, int Width, int Channels)[] _convolutionShapes = [];

    /// <summary>Floats in one observation: the input width.</summary>
    public int ObsDim { get; }

    /// <summary>Discrete actions: the output width.</summary>
    public int ActionCount { get; }

    /// <summary>The layers as the <c>--network</c> knob writes them.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The observation's shape (height, width, channels) for a convolutional network; [ObsDim] for an MLP.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Convolutions from the input side; empty for an MLP.</summary>
    public IReadOnlyList<ConvolutionLayer> Convolutions { get; }

    /// <summary>Widths of the ReLU hidden layers, input side first; empty means a linear Q-function.</summary>
    public IReadOnlyList<int> HiddenSizes { get; }

    /// <summary>
    /// Dueling head (Wang et al. 2016): the last layer outputs a state value V and one advantage per action, and
    /// Q = V + A − mean(A). Value and advantage share the hidden layers and live in one fused output layer.
    /// </summary>
    public bool Dueling { get; }

    /// <summary>Inputs of the first dense layer: the flattened output of the last convolution (HWC), or ObsDim.</summary>
    public int FlatFeatures { get; }

    /// <summary>Width of the last layer: the actions, plus the value column when dueling.</summary>
    public int HeadWidth => Dueling ? ActionCount + 1 : ActionCount;

    /// <summary>Dense layers, hidden ones and the head.</summary>
    public int LayerCount => HiddenSizes.Count + 1;

    /// <summary>Input width of dense layer <paramref name="layer"/>.</summary>
    public int LayerInputs(int layer) => layer == 0 ? FlatFeatures : HiddenSizes[layer - 1];

    /// <summary>Output width of dense layer <paramref name="layer"/>.</summary>
    public int LayerOutputs(int layer) => layer == HiddenSizes.Count ? HeadWidth : HiddenSizes[layer];

    /// <summary>Input shape (height, width, channels) of convolution <paramref name="index"/>.</summary>
    public (int Height, int Width, int Channels) ConvolutionInput(int index) => _convolutionShapes[index];

    /// <summary>Output shape (height, width, filters) of convolution <paramref name="index"/>.</summary>
    public (int Height, int Width, int Channels) ConvolutionOutput(int index) => _convolutionShapes[index + 1];

    /// <summary>Rows of convolution <paramref name="index"/>'s weight matrix: one per kernel cell and input channel (K·K·C).</summary>
    public int ConvolutionPatch(int index) => Convolutions[index].Kernel * Convolutions[index].Kernel * _convolutionShapes[index].Channels;

    public ParameterLayout CreateLayout() => new(this);

    public bool Equals(QNetworkSpec? other) =>
        other is not null
        && ObsDim == other.ObsDim
        && ActionCount == other.ActionCount
        && Dueling == other.Dueling
        && InputShape.SequenceEqual(other.InputShape)
        && Architecture.Equals(other.Architecture);

    public override int GetHashCode() => HashCode.Combine(ObsDim, ActionCount, Dueling, Architecture);

    public override string ToString() =>
        (Convolutions.Count > 0 ? $"{string.Join('x', InputShape)}-{string.Join('-', Convolutions)}-" : $"{ObsDim}-")
        + $"{string.Join('-', HiddenSizes)}{(HiddenSizes.Count > 0 ? "-" : string.Empty)}{ActionCount}{(Dueling ? " dueling" : string.Empty)}";
}
