using Flock.Learner.Networks;
using Flock.Learner.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Flock.Learner.Gpu;

/// <summary>
/// A Q-network whose parameters and activations live on an accelerator: the same architectures as the managed
/// <see cref="QNetwork"/> (ReLU convolutions over HWC boards, ReLU dense layers, optional dueling head), the same
/// flat <see cref="ParameterLayout"/>, computed by <see cref="DqnKernels"/>. Activations of the last forward pass
/// are kept for <see cref="Backward"/>; buffers grow to the largest batch and are reused. Not thread-safe.
/// </summary>
internal sealed class DeviceQNetwork : IQNetwork, IDisposable
{
    private readonly DqnKernelSet _kernels;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _parameters;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _none;
    private readonly ConvolutionGeometry[] _convolutions;
    private readonly int _maxWidth;
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _forwardBuffers = [];
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _backwardBuffers = [];
    private ArrayView<float>[] _patches = [];
    private ArrayView<float>[] _convolved = [];
    private ArrayView<float>[] _hidden = [];
    private ArrayView<float> _head;
    private ArrayView<float> _inferenceInput;
    private ArrayView<float> _inferenceQ;
    private ArrayView<float> _gradientA;
    private ArrayView<float> _gradientB;
    private ArrayView<float> _patchGradient;
    private int _capacity;
    private int _backwardCapacity;

    public DeviceQNetwork(DqnKernelSet kernels, QNetworkSpec spec)
    {
        _kernels = kernels;
        Spec = spec;
        Layout = spec.CreateLayout();
        _parameters = kernels.Accelerator.Allocate1D<float>(Layout.TotalLength);
        _none = kernels.Accelerator.Allocate1D<float>(1);
        _convolutions = ConvolutionGeometry.AllOf(spec);
        _maxWidth = ConvolutionGeometry.GradientRowWidth(spec, _convolutions);
    }

    public QNetworkSpec Spec { get; }

    public ParameterLayout Layout { get; }

    public long Version { get; internal set; }

    /// <summary>The parameters on the device, in <see cref="Layout"/> order.</summary>
    public ArrayView<float> Parameters => _parameters.View;

    /// <summary>Inference from host memory: the observations go up, the Q-values come down.</summary>
    public void Forward(ReadOnlySpan<float> observations, int count, Span<float> qValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (observations.Length < count * Spec.ObsDim || qValues.Length < count * Spec.ActionCount)
        {
            throw new ArgumentException($"{count} rows need {count * Spec.ObsDim} observation floats and {count * Spec.ActionCount} Q-values");
        }

        if (count == 0)
        {
            return;
        }

        EnsureCapacity(count);
        var input = _inferenceInput.SubView(0, count * Spec.ObsDim);
        input.CopyFromCPU(observations[..(count * Spec.ObsDim)]);
        Forward(input, count, _inferenceQ);
        _inferenceQ.SubView(0, count * Spec.ActionCount).CopyToCPU(qValues[..(count * Spec.ActionCount)]);
    }

    public void CopyWeightsTo(Span<float> destination)
    {
        if (destination.Length < Layout.TotalLength)
        {
            throw new ArgumentException($"needs at least {Layout.TotalLength} floats, got {destination.Length}", nameof(destination));
        }

        Parameters.CopyToCPU(destination[..Layout.TotalLength]);
    }

    public void LoadWeights(ReadOnlySpan<float> weights, long version)
    {
        if (weights.Length != Layout.TotalLength)
        {
            throw new ArgumentException($"a {Spec} network has {Layout.TotalLength} parameters, got {weights.Length}", nameof(weights));
        }

        Parameters.CopyFromCPU(weights);
        Version = version;
    }

    /// <summary>Makes this network a copy of <paramref name="source"/> on the device (the target-network sync).</summary>
    public void CopyFrom(DeviceQNetwork source)
    {
        source.Parameters.CopyTo(Parameters);
        Version = source.Version;
    }

    /// <summary>Forward over <paramref name="rows"/> device observations into <paramref name="q"/>, keeping activations.</summary>
    public void Forward(ArrayView<float> input, int rows, ArrayView<float> q)
    {
        EnsureCapacity(rows);
        var activation = input;
        for (var index = 0; index < _convolutions.Length; index++)
        {
            var g = _convolutions[index];
            var patchFloats = rows * g.Positions * g.Patch;
            _kernels.Im2Col(patchFloats, activation, _patches[index], g);
            _kernels.Gemm(
                _patches[index],
                Parameters.SubView(Layout.ConvolutionWeightOffset(index), g.Patch * g.Filters),
                _convolved[index],
                Parameters.SubView(Layout.ConvolutionBiasOffset(index), g.Filters),
                _none.View,
                GemmShape.Product(rows * g.Positions, g.Patch, g.Filters, GemmShape.AddBias | GemmShape.Relu));
            activation = _convolved[index];
        }

        var width = Spec.FlatFeatures;
        var last = Spec.LayerCount - 1;
        for (var layer = 0; layer < last; layer++)
        {
            var outputs = Spec.LayerOutputs(layer);
            Dense(layer, activation, rows, width, _hidden[layer], outputs, relu: true);
            activation = _hidden[layer];
            width = outputs;
        }

        if (Spec.Dueling)
        {
            Dense(last, activation, rows, width, _head, Spec.HeadWidth, relu: false);
            _kernels.DuelingAggregate(rows, _head, q, Spec.ActionCount);
        }
        else
        {
            Dense(last, activation, rows, width, q, Spec.ActionCount, relu: false);
        }
    }

    /// <summary>
    /// Backward for the first <paramref name="rows"/> rows of the last forward pass (whose input was
    /// <paramref name="input"/>): ∂loss/∂parameters from ∂loss/∂Q, written over <paramref name="gradients"/>.
    /// </summary>
    public void Backward(ArrayView<float> input, int rows, ArrayView<float> qGradient, ArrayView<float> gradients)
    {
        EnsureBackwardCapacity(rows);
        var last = Spec.LayerCount - 1;
        var outputGradient = _gradientA;
        var inputGradient = _gradientB;
        if (Spec.Dueling)
        {
            _kernels.DuelingBackward(rows, qGradient, outputGradient, Spec.ActionCount);
        }
        else
        {
            qGradient.SubView(0, rows * Spec.ActionCount).CopyTo(outputGradient.SubView(0, rows * Spec.ActionCount));
        }

        var convolutions = _convolutions.Length;
        var denseInput = convolutions == 0 ? input : _convolved[convolutions - 1];
        for (var layer = last; layer >= 0; layer--)
        {
            var inputs = Spec.LayerInputs(layer);
            var outputs = Spec.LayerOutputs(layer);
            var layerInput = layer == 0 ? denseInput : _hidden[layer - 1];
            _kernels.Gemm(
                layerInput, outputGradient, gradients.SubView(Layout.WeightOffset(layer), inputs * outputs), _none.View, _none.View,
                GemmShape.TransposedLeft(rows, inputs, outputs));
            _kernels.ColumnSums(outputs, outputGradient, gradients.SubView(Layout.BiasOffset(layer), outputs), rows);
            if (layer == 0 && convolutions == 0)
            {
                break;
            }

            _kernels.Gemm(
                outputGradient, Parameters.SubView(Layout.WeightOffset(layer), inputs * outputs), inputGradient, _none.View, layerInput,
                GemmShape.TransposedRight(rows, inputs, outputs, GemmShape.MaskByPositive));
            (outputGradient, inputGradient) = (inputGradient, outputGradient);
        }

        for (var index = convolutions - 1; index >= 0; index--)
        {
            var g = _convolutions[index];
            var positions = rows * g.Positions;
            _kernels.Gemm(
                _patches[index], outputGradient, gradients.SubView(Layout.ConvolutionWeightOffset(index), g.Patch * g.Filters), _none.View, _none.View,
                GemmShape.TransposedLeft(positions, g.Patch, g.Filters));
            _kernels.ColumnSums(g.Filters, outputGradient, gradients.SubView(Layout.ConvolutionBiasOffset(index), g.Filters), positions);
            if (index == 0)
            {
                break;
            }

            _kernels.Gemm(
                outputGradient, Parameters.SubView(Layout.ConvolutionWeightOffset(index), g.Patch * g.Filters), _patchGradient, _none.View, _none.View,
                GemmShape.TransposedRight(positions, g.Patch, g.Filters, 0));
            _kernels.Col2Im(rows * g.Height * g.Width * g.Channels, _patchGradient, _convolved[index - 1], inputGradient, g);
            (outputGradient, inputGradient) = (inputGradient, outputGradient);
        }
    }

    public void Dispose()
    {
        Release(_forwardBuffers);
        Release(_backwardBuffers);
        _parameters.Dispose();
        _none.Dispose();
    }

    private void Dense(int layer, ArrayView<float> input, int rows, int inputs, ArrayView<float> output, int outputs, bool relu) =>
        _kernels.Gemm(
            input,
            Parameters.SubView(Layout.WeightOffset(layer), inputs * outputs),
            output,
            Parameters.SubView(Layout.BiasOffset(layer), outputs),
            _none.View,
            GemmShape.Product(rows, inputs, outputs, GemmShape.AddBias | (relu ? GemmShape.Relu : 0)));

    private void EnsureCapacity(int rows)
    {
        if (rows <= _capacity)
        {
            return;
        }

        Release(_forwardBuffers);
        _patches = [.. _convolutions.Select(g => Allocate(_forwardBuffers, rows * g.Positions * g.Patch))];
        _convolved = [.. _convolutions.Select(g => Allocate(_forwardBuffers, rows * g.Positions * g.Filters))];
        _hidden = [.. Spec.HiddenSizes.Select(width => Allocate(_forwardBuffers, rows * width))];
        _head = Allocate(_forwardBuffers, Spec.Dueling ? rows * Spec.HeadWidth : 1);
        _inferenceInput = Allocate(_forwardBuffers, rows * Spec.ObsDim);
        _inferenceQ = Allocate(_forwardBuffers, rows * Spec.ActionCount);
        _capacity = rows;
    }

    private void EnsureBackwardCapacity(int rows)
    {
        if (rows <= _backwardCapacity)
        {
            return;
        }

        Release(_backwardBuffers);
        _gradientA = Allocate(_backwardBuffers, rows * _maxWidth);
        _gradientB = Allocate(_backwardBuffers, rows * _maxWidth);
        _patchGradient = Allocate(_backwardBuffers, _convolutions.Length < 2 ? 1 : _convolutions.Skip(1).Max(g => rows * g.Positions * g.Patch));
        _backwardCapacity = rows;
    }

    private ArrayView<float> Allocate(List<MemoryBuffer1D<float, Stride1D.Dense>> owner, int length)
    {
        var buffer = _kernels.Accelerator.Allocate1D<float>(Math.Max(1, length));
        owner.Add(buffer);
        return buffer.View;
    }

    private static void Release(List<MemoryBuffer1D<float, Stride1D.Dense>> buffers)
    {
        foreach (var buffer in buffers)
        {
            buffer.Dispose();
        }

        buffers.Clear();
    }
}
