using System.Diagnostics;

namespace Flock.Learner.Numerics;

/// <summary>Microseconds per call of each convolution algorithm on one batch, one thread.</summary>
/// <param name="Im2ColForward">Unroll the patches, then one packed matrix product with bias and ReLU (the backend's).</param>
/// <param name="DirectForward"><see cref="DirectConvolution.Forward"/>.</param>
/// <param name="Im2ColBackward">Weight gradient Pᵀ·∂Y on the packed kernels and the bias column sums, patches kept from the forward pass.</param>
/// <param name="DirectBackward"><see cref="DirectConvolution.WeightGradient"/>.</param>
/// <param name="LargestDifference">Largest |im2col − direct| / max(1, |im2col|) over outputs and gradients, checked before timing.</param>
public sealed record ConvolutionTimings(
    double Im2ColForward, double DirectForward, double Im2ColBackward, double DirectBackward, double LargestDifference);

/// <summary>
/// Times im2col + matrix product against direct convolution on the same random 0/1 boards, weights and output
/// gradients, after checking that both give the same outputs and gradients (so the race is between correct
/// kernels). For <c>flockrl bench learner</c>; the network itself uses im2col (see README, learner section).
/// </summary>
public static unsafe class ConvolutionAlgorithmComparison
{
    /// <summary>A board cell is set with this probability, about MinAtar's density.</summary>
    private const double CellDensity = 0.1;

    /// <exception cref="ArgumentException">Filters is not a multiple of two SIMD vectors (the direct kernel's layout).</exception>
    /// <exception cref="InvalidOperationException">The two algorithms disagree: the comparison would be meaningless.</exception>
    public static ConvolutionTimings Compare(int batch, int height, int width, int channels, int filters, int kernel, int stride, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (!DirectConvolution.Supports(filters))
        {
            throw new ArgumentException($"The direct kernel needs a multiple of {2 * System.Numerics.Vector<float>.Count} filters; got {filters}.", nameof(filters));
        }

        var outputHeight = ((height - kernel) / stride) + 1;
        var outputWidth = ((width - kernel) / stride) + 1;
        var g = new ConvolutionGeometry(height, width, channels, kernel, stride, outputHeight, outputWidth, filters);
        var random = new FastRandom(11);
        var images = Filled(batch * height * width * channels, () => random.NextDouble() < CellDensity ? 1f : 0f);
        var weights = Filled(g.Patch * filters, () => (random.NextSingle() * 2f) - 1f);
        var bias = Filled(filters, () => (random.NextSingle() * 0.2f) - 0.1f);
        var outputGradient = Filled(batch * g.Positions * filters, () => (random.NextSingle() * 2f) - 1f);
        var patches = new AlignedBuffer(batch * g.Positions * g.Patch);
        var im2colOutput = new AlignedBuffer(batch * g.Positions * filters);
        var directOutput = new AlignedBuffer(batch * g.Positions * filters);
        var im2colWeights = new AlignedBuffer(g.Patch * filters);
        var directWeights = new AlignedBuffer(g.Patch * filters);
        var im2colBias = new AlignedBuffer(filters);
        var directBias = new AlignedBuffer(filters);
        var workspace = new MatMulWorkspace(degreeOfParallelism: 1);

        void Im2ColForward()
        {
            Im2Col.Unroll(images.Pointer, batch, g, patches.Pointer);
            MatMul.Multiply(
                batch * g.Positions, filters, g.Patch,
                MatrixOperand.RowMajor(patches.Pointer, g.Patch), MatrixOperand.RowMajor(weights.Pointer, filters),
                im2colOutput.Pointer, filters, accumulate: false, new Epilogue { Bias = bias.Pointer, Relu = true }, workspace);
        }

        void Im2ColBackward()
        {
            MatMul.Multiply(
                g.Patch, filters, batch * g.Positions,
                MatrixOperand.TransposeOf(patches.Pointer, g.Patch), MatrixOperand.RowMajor(outputGradient.Pointer, filters),
                im2colWeights.Pointer, filters, accumulate: false, Epilogue.None, workspace);
            ColumnSums.Compute(outputGradient.Pointer, batch * g.Positions, filters, im2colBias.Pointer);
        }

        void DirectForward() => DirectConvolution.Forward(images.Pointer, batch, g, weights.Pointer, bias.Pointer, directOutput.Pointer);

        void DirectBackward() => DirectConvolution.WeightGradient(images.Pointer, batch, g, outputGradient.Pointer, directWeights.Pointer, directBias.Pointer);

        Im2ColForward();
        Im2ColBackward();
        DirectForward();
        DirectBackward();
        var difference = Math.Max(
            Math.Max(LargestDifference(im2colOutput, directOutput), LargestDifference(im2colWeights, directWeights)),
            LargestDifference(im2colBias, directBias));
        if (!(difference <= 1e-3))
        {
            throw new InvalidOperationException($"im2col and direct convolution differ by {difference}; the comparison would be meaningless.");
        }

        // Interleaved, so a burst of load on a shared machine falls on both rather than on one.
        double im2colForward = 0, directForward = 0, im2colBackward = 0, directBackward = 0;
        const int Rounds = 4;
        for (var round = 0; round < Rounds; round++)
        {
            im2colForward += MicrosecondsPerCall(Im2ColForward, seconds / (4 * Rounds));
            directForward += MicrosecondsPerCall(DirectForward, seconds / (4 * Rounds));
            im2colBackward += MicrosecondsPerCall(Im2ColBackward, seconds / (4 * Rounds));
            directBackward += MicrosecondsPerCall(DirectBackward, seconds / (4 * Rounds));
        }

        GC.KeepAlive(workspace);
        return new ConvolutionTimings(im2colForward / Rounds, directForward / Rounds, im2colBackward / Rounds, directBackward / Rounds, difference);
    }

    private static AlignedBuffer Filled(int length, Func<float> value)
    {
        var buffer = new AlignedBuffer(length);
        var span = buffer.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = value();
        }

        return buffer;
    }

    private static double LargestDifference(AlignedBuffer a, AlignedBuffer b)
    {
        var largest = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            // Relative to the value's size: the gradients are sums over every output cell of the batch.
            largest = Math.Max(largest, Math.Abs(a.Span[i] - b.Span[i]) / Math.Max(1.0, Math.Abs(a.Span[i])));
        }

        return largest;
    }

    private static double MicrosecondsPerCall(Action call, double seconds)
    {
        call();
        var calls = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds || calls == 0)
        {
            call();
            calls++;
        }

        return watch.Elapsed.TotalMicroseconds / calls;
    }
}
