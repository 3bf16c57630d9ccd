using Flock.Learner.Numerics;

namespace Flock.Learner.Networks;

/// <summary>
/// The managed Q-network: optional ReLU convolutions (im2col onto the packed matrix product, <see cref="Im2Col"/>),
/// float32 dense layers with ReLU, an optional dueling head, batched forward and backward on the vectorised matrix
/// product. All parameters live in one flat, 64-byte-aligned array in
/// <see cref="ParameterLayout"/> order, so broadcasting, checkpointing, gradient clipping and Adam each touch one
/// contiguous span. Activations are kept from the last forward pass for the backward pass; buffers grow to the
/// largest batch seen and are reused, so steady-state passes allocate nothing. Not thread-safe.
/// </summary>
public sealed unsafe class QNetwork : IQNetwork
{
    private readonly AlignedBuffer _parameters;
    private readonly MatMulWorkspace _workspace;
    private readonly int _maxWidth;
    private readonly ConvolutionGeometry[] _geometry;
    private AlignedBuffer[] _patches = [];
    private AlignedBuffer[] _convolved = [];
    private AlignedBuffer _patchGradient = new(0);
    private AlignedBuffer[] _hidden = [];
    private AlignedBuffer _head = new(0);
    private AlignedBuffer _gradientA = new(0);
    private AlignedBuffer _gradientB = new(0);
    private int _capacity;

    /// <summary>A network initialised as PyTorch would (<see cref="PyTorchInitializer"/>) from <paramref name="seed"/>.</summary>
    /// <param name="spec">Architecture.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="degreeOfParallelism">Cores one large matrix product may use; 1 keeps everything on the caller's thread.</param>
    public QNetwork(QNetworkSpec spec, ulong seed = 0, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Layout = spec.CreateLayout();
        _parameters = new AlignedBuffer(Layout.TotalLength);
        _workspace = new MatMulWorkspace(degreeOfParallelism);
        _geometry = ConvolutionGeometry.AllOf(spec);
        _maxWidth = ConvolutionGeometry.GradientRowWidth(spec, _geometry);
        PyTorchInitializer.Initialize(spec, _parameters.Span, new FastRandom(seed));
    }

    public QNetworkSpec Spec { get; }

    public ParameterLayout Layout { get; }

    public long Version { get; internal set; }

    /// <summary>The live parameters, for the optimiser and tests; writes change the network.</summary>
    internal Span<float> Parameters => _parameters.Span;

    public void Forward(ReadOnlySpan<float> observations, int count, Span<float> qValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        RequireLength(observations.Length, count * Spec.ObsDim, nameof(observations));
        RequireLength(qValues.Length, count * Spec.ActionCount, nameof(qValues));
        if (count == 0)
        {
            return;
        }

        fixed (float* input = observations, q = qValues)
        {
            Forward(input, count, q);
        }
    }

    public void CopyWeightsTo(Span<float> destination)
    {
        RequireLength(destination.Length, Layout.TotalLength, nameof(destination));
        _parameters.Span.CopyTo(destination);
    }

    public void LoadWeights(ReadOnlySpan<float> weights, long version)
    {
        if (weights.Length != Layout.TotalLength)
        {
            throw new ArgumentException($"a {Spec} network has {Layout.TotalLength} parameters, got {weights.Length}", nameof(weights));
        }

        weights.CopyTo(_parameters.Span);
        Version = version;
    }

    /// <summary>Makes this network an exact copy of <paramref name="source"/> (the target-network sync).</summary>
    public void CopyFrom(QNetwork source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Spec.Equals(Spec))
        {
            throw new ArgumentException($"cannot copy a {source.Spec} network into a {Spec} one", nameof(source));
        }

        source._parameters.Span.CopyTo(_parameters.Span);
        Version = source.Version;
    }

    /// <summary>
    /// Forward pass over <paramref name="rows"/> row-major observations into <paramref name="q"/> (rows × ActionCount),
    /// keeping every hidden activation for <see cref="Backward"/>.
    /// </summary>
    internal void Forward(float* input, int rows, float* q)
    {
        EnsureCapacity(rows);
        var activation = input;
        for (var index = 0; index < _geometry.Length; index++)
        {
            Convolve(index, activation, rows);
            activation = _convolved[index].Pointer;
        }

        var width = Spec.FlatFeatures;
        var last = Spec.LayerCount - 1;
        for (var layer = 0; layer < last; layer++)
        {
            var outputs = Spec.LayerOutputs(layer);
            var output = _hidden[layer].Pointer;
            Dense(layer, activation, rows, width, output, outputs, relu: true);
            activation = output;
            width = outputs;
        }

        if (Spec.Dueling)
        {
            Dense(last, activation, rows, width, _head.Pointer, Spec.HeadWidth, relu: false);
            DuelingHead.Aggregate(
                new ReadOnlySpan<float>(_head.Pointer, rows * Spec.HeadWidth), rows, Spec.ActionCount, new Span<float>(q, rows * Spec.ActionCount));
        }
        else
        {
            Dense(last, activation, rows, width, q, Spec.ActionCount, relu: false);
        }
    }

    /// <summary>
    /// Backward pass for the first <paramref name="rows"/> rows of the last <see cref="Forward(float*, int, float*)"/>
    /// (whose input was <paramref name="input"/>): from ∂loss/∂Q (rows × ActionCount) to ∂loss/∂parameters, written
    /// over <paramref name="gradients"/> in <see cref="Layout"/> order. The network input's gradient is not
    /// computed: nothing needs it.
    /// </summary>
    internal void Backward(float* input, int rows, float* qGradient, float* gradients)
    {
        var last = Spec.LayerCount - 1;
        var outputGradient = _gradientA.Pointer;
        var inputGradient = _gradientB.Pointer;
        if (Spec.Dueling)
        {
            DuelingHead.Backward(
                new ReadOnlySpan<float>(qGradient, rows * Spec.ActionCount),
                rows,
                Spec.ActionCount,
                new Span<float>(outputGradient, rows * Spec.HeadWidth));
        }
        else
        {
            Buffer.MemoryCopy(qGradient, outputGradient, (long)rows * Spec.ActionCount * sizeof(float), (long)rows * Spec.ActionCount * sizeof(float));
        }

        var convolutions = _geometry.Length;
        var denseInput = convolutions == 0 ? input : _convolved[convolutions - 1].Pointer;
        for (var layer = last; layer >= 0; layer--)
        {
            var inputs = Spec.LayerInputs(layer);
            var outputs = Spec.LayerOutputs(layer);
            var layerInput = layer == 0 ? denseInput : _hidden[layer - 1].Pointer;
            var weightGradient = gradients + Layout.WeightOffset(layer);

            // ∂W = Xᵀ·∂Y and ∂b = Σ rows of ∂Y.
            MatMul.Multiply(
                inputs,
                outputs,
                rows,
                MatrixOperand.TransposeOf(layerInput, inputs),
                MatrixOperand.RowMajor(outputGradient, outputs),
                weightGradient,
                outputs,
                accumulate: false,
                Epilogue.None,
                _workspace);
            ColumnSums.Compute(outputGradient, rows, outputs, gradients + Layout.BiasOffset(layer));
            if (layer == 0 && convolutions == 0)
            {
                break;
            }

            // ∂X = ∂Y·Wᵀ, and back through the previous layer's ReLU in the same pass: zero where its output was.
            var weights = _parameters.Pointer + Layout.WeightOffset(layer);
            MatMul.Multiply(
                rows,
                inputs,
                outputs,
                MatrixOperand.RowMajor(outputGradient, outputs),
                MatrixOperand.TransposeOf(weights, outputs),
                inputGradient,
                inputs,
                accumulate: false,
                new Epilogue { Mask = layerInput, MaskStride = inputs },
                _workspace);
            var swap = outputGradient;
            outputGradient = inputGradient;
            inputGradient = swap;
        }

        // Through the convolutions, last first: outputGradient now holds ∂ of the last one's (ReLU-masked) output.
        for (var index = convolutions - 1; index >= 0; index--)
        {
            ConvolutionBackward(index, index == 0 ? input : _convolved[index - 1].Pointer, rows, outputGradient, inputGradient, gradients);
            var swap = outputGradient;
            outputGradient = inputGradient;
            inputGradient = swap;
        }
    }

    /// <summary>
    /// The first convolution runs as a direct convolution (SIMD over its filters) when its filter count fits the
    /// direct kernel and the network runs on one thread: for MinAtar's conv16k3s1 on 10×10×C that measured faster
    /// than im2col onto the packed matrix product, forward and backward at batch 32 and 256 (README, learner
    /// section, <c>flockrl bench learner</c>'s conv_algorithms). Its input gradient is never needed, which is all
    /// the direct backward skips. Deeper convolutions, and several threads (where the matrix product splits its
    /// rows), keep im2col.
    /// </summary>
    private bool IsDirect(int index) =>
        index == 0 && DirectConvolution.Supports(_geometry[0].Filters) && _workspace.DegreeOfParallelism == 1;

    // Y = relu(P·W + b) with P the unrolled patches: rows·OH·OW patch rows, HWC output per image.
    private void Convolve(int index, float* images, int rows)
    {
        var g = _geometry[index];
        if (IsDirect(index))
        {
            DirectConvolution.Forward(
                images, rows, g, _parameters.Pointer + Layout.ConvolutionWeightOffset(index), _parameters.Pointer + Layout.ConvolutionBiasOffset(index), _convolved[index].Pointer);
            return;
        }

        var patches = _patches[index].Pointer;
        Im2Col.Unroll(images, rows, g, patches);
        MatMul.Multiply(
            rows * g.Positions,
            g.Filters,
            g.Patch,
            MatrixOperand.RowMajor(patches, g.Patch),
            MatrixOperand.RowMajor(_parameters.Pointer + Layout.ConvolutionWeightOffset(index), g.Filters),
            _convolved[index].Pointer,
            g.Filters,
            accumulate: false,
            new Epilogue { Bias = _parameters.Pointer + Layout.ConvolutionBiasOffset(index), Relu = true },
            _workspace);
    }

    // From ∂Y (already through this convolution's ReLU) to ∂W = Pᵀ·∂Y, ∂b = Σ ∂Y, and, past the first
    // convolution, ∂X = col2im(∂Y·Wᵀ) through the previous convolution's ReLU.
    private void ConvolutionBackward(int index, float* images, int rows, float* outputGradient, float* inputGradient, float* gradients)
    {
        var g = _geometry[index];
        if (IsDirect(index))
        {
            DirectConvolution.WeightGradient(
                images, rows, g, outputGradient, gradients + Layout.ConvolutionWeightOffset(index), gradients + Layout.ConvolutionBiasOffset(index));
            return;
        }

        var positions = rows * g.Positions;
        var patches = _patches[index].Pointer;
        MatMul.Multiply(
            g.Patch,
            g.Filters,
            positions,
            MatrixOperand.TransposeOf(patches, g.Patch),
            MatrixOperand.RowMajor(outputGradient, g.Filters),
            gradients + Layout.ConvolutionWeightOffset(index),
            g.Filters,
            accumulate: false,
            Epilogue.None,
            _workspace);
        ColumnSums.Compute(outputGradient, positions, g.Filters, gradients + Layout.ConvolutionBiasOffset(index));
        if (index == 0)
        {
            return;
        }

        var weights = _parameters.Pointer + Layout.ConvolutionWeightOffset(index);
        MatMul.Multiply(
            positions,
            g.Patch,
            g.Filters,
            MatrixOperand.RowMajor(outputGradient, g.Filters),
            MatrixOperand.TransposeOf(weights, g.Filters),
            _patchGradient.Pointer,
            g.Patch,
            accumulate: false,
            Epilogue.None,
            _workspace);
        Im2Col.Accumulate(_patchGradient.Pointer, rows, g, inputGradient);
        var length = rows * g.Height * g.Width * g.Channels;
        for (var i = 0; i < length; i++)
        {
            if (!(images[i] > 0f))
            {
                inputGradient[i] = 0f;
            }
        }
    }

    private void Dense(int layer, float* input, int rows, int inputs, float* output, int outputs, bool relu)
    {
        var weights = _parameters.Pointer + Layout.WeightOffset(layer);
        MatMul.Multiply(
            rows,
            outputs,
            inputs,
            MatrixOperand.RowMajor(input, inputs),
            MatrixOperand.RowMajor(weights, outputs),
            output,
            outputs,
            accumulate: false,
            new Epilogue { Bias = _parameters.Pointer + Layout.BiasOffset(layer), Relu = relu },
            _workspace);
    }

    private void EnsureCapacity(int rows)
    {
        if (rows > _capacity)
        {
            Grow(rows);
        }
    }

    // Separate from EnsureCapacity: a lambda capturing rows there would allocate its closure on every call.
    private void Grow(int rows)
    {
        _patches = [.. _geometry.Select(g => new AlignedBuffer(rows * g.Positions * g.Patch))];
        _convolved = [.. _geometry.Select(g => new AlignedBuffer(rows * g.Positions * g.Filters))];
        _patchGradient = new AlignedBuffer(_geometry.Length < 2 ? 0 : _geometry.Skip(1).Max(g => rows * g.Positions * g.Patch));
        _hidden = [.. Spec.HiddenSizes.Select(width => new AlignedBuffer(rows * width))];
        _head = new AlignedBuffer(Spec.Dueling ? rows * Spec.HeadWidth : 0);
        _gradientA = new AlignedBuffer(rows * _maxWidth);
        _gradientB = new AlignedBuffer(rows * _maxWidth);
        _capacity = rows;
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"needs at least {expected} floats, got {actual}", name);
        }
    }
}
