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
