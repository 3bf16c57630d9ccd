namespace Flock.Shared.Networks;

/// <summary>
/// One convolution of a Q-network: <see cref="Filters"/> square kernels of <see cref="Kernel"/>×<see cref="Kernel"/>
/// cells over every input channel, moved <see cref="Stride"/> cells at a time, no padding ("valid"), then ReLU.
/// Written <c>conv16k3s1</c> in a network spec.
/// </summary>
public readonly record struct ConvolutionLayer(int Filters, int Kernel, int Stride)
{
    /// <summary>Output size along one spatial dimension of <paramref name="input"/> cells: ⌊(input − kernel) / stride⌋ + 1.</summary>
    public int OutputSize(int input) => input < Kernel ? 0 : ((input - Kernel) / Stride) + 1;

    public override string ToString() => $"conv{Filters}k{Kernel}s{Stride}";
}
