using System.Numerics;

namespace Flock.Learner.Numerics;

/// <summary>
/// Unrolls the patches of a valid (unpadded) convolution over HWC images into the rows of a matrix, so the
/// convolution becomes one matrix product on the packed kernels (<see cref="MatMul"/>): patch row
/// <c>(image·OH + oy)·OW + ox</c> holds, in (ky, kx, channel) order, the K×K×C cells under the kernel placed at
/// (oy·stride, ox·stride). In HWC a kernel row's K·C cells are contiguous, so each is one block copy.
/// <see cref="Accumulate"/> is the adjoint (col2im): it adds patch gradients back onto the image cells.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>patches[(b·OH + oy)·OW + ox, (ky·K + kx)·C + c] = images[b, oy·s + ky, ox·s + kx, c].</summary>
    public static void Unroll(float* images, int count, in ConvolutionGeometry g, float* patches)
    {
        var rowBytes = (long)g.Kernel * g.Channels * sizeof(float);
        var patch = g.Patch;
        for (var b = 0; b < count; b++)
        {
            var image = images + ((nint)b * g.Height * g.Width * g.Channels);
            for (var oy = 0; oy < g.OutputHeight; oy++)
            {
                for (var ox = 0; ox < g.OutputWidth; ox++)
                {
                    var destination = patches + ((((nint)b * g.OutputHeight) + oy) * g.OutputWidth + ox) * patch;
                    for (var ky = 0; ky < g.Kernel; ky++)
                    {
                        var source = image + (((((nint)oy * g.Stride) + ky) * g.Width) + ((nint)ox * g.Stride)) * g.Channels;
                        Buffer.MemoryCopy(source, destination + ((nint)ky * g.Kernel * g.Channels), rowBytes, rowBytes);
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Unroll"/>: images (overwritten) = Σ over the patches each cell appears in.</summary>
    public static void Accumulate(float* patches, int count, in ConvolutionGeometry g, float* images)
    {
        new Span<float>(images, count * g.Height * g.Width * g.Channels).Clear();
        var run = g.Kernel * g.Channels;
        var patch = g.Patch;
        for (var b = 0; b < count; b++)
        {
            var image = images + ((nint)b * g.Height * g.Width * g.Channels);
            for (var oy = 0; oy < g.OutputHeight; oy++)
            {
                for (var ox = 0; ox < g.OutputWidth; ox++)
                {
                    var source = patches + ((((nint)b * g.OutputHeight) + oy) * g.OutputWidth + ox) * patch;
                    for (var ky = 0; ky < g.Kernel; ky++)
                    {
                        var destination = image + (((((nint)oy * g.Stride) + ky) * g.Width) + ((nint)ox * g.Stride)) * g.Channels;
                        AddInPlace(destination, source + ((nint)ky * run), run);
                    }
                }
            }
        }
    }

    private static void AddInPlace(float* destination, float* source, int length)
    {
        var lanes = Vector<float>.Count;
        var i = 0;
        for (; i <= length - lanes; i += lanes)
        {
            (Vector.Load(destination + i) + Vector.Load(source + i)).Store(destination + i);
        }

        for (; i < length; i++)
        {
            destination[i] += source[i];
        }
    }
}

/// <summary>
/// Sizes of one valid convolution over HWC images. Plain ints only: the GPU kernels take it as a parameter too.
/// </summary>
internal readonly record struct ConvolutionGeometry(
    int Height, int Width, int Channels, int Kernel, int Stride, int OutputHeight, int OutputWidth, int Filters)
{
    /// <summary>The geometry of <paramref name="spec"/>'s convolution <paramref name="index"/>.</summary>
    public static ConvolutionGeometry Of(Networks.QNetworkSpec spec, int index)
    {
        var (height, width, channels) = spec.ConvolutionInput(index);
        var output = spec.ConvolutionOutput(index);
        var convolution = spec.Convolutions[index];
        return new ConvolutionGeometry(height, width, channels, convolution.Kernel, convolution.Stride, output.Height, output.Width, convolution.Filters);
    }

    /// <summary>Every convolution of <paramref name="spec"/>, input side first.</summary>
    public static ConvolutionGeometry[] AllOf(Networks.QNetworkSpec spec) => [.. Enumerable.Range(0, spec.Convolutions.Count).Select(i => Of(spec, i))];

    /// <summary>
    /// Floats per row a backward pass's gradient buffers must hold: one layer's output gradient at a time, so the
    /// dense widths and, with convolutions, the flattened convolution outputs and the inputs of every convolution but the first.
    /// </summary>
    public static int GradientRowWidth(Networks.QNetworkSpec spec, IReadOnlyList<ConvolutionGeometry> convolutions) =>
        new[] { spec.HeadWidth, spec.HiddenSizes.Count == 0 ? 0 : spec.HiddenSizes.Max(), spec.Convolutions.Count == 0 ? 0 : spec.FlatFeatures }
            .Concat(convolutions.Select(g => g.Positions * g.Filters))
            .Concat(convolutions.Skip(1).Select(g => g.Height * g.Width * g.Channels))
            .Max();

    /// <summary>Cells under the kernel: K·K·C, the columns of a patch row.</summary>
    public int Patch => Kernel * Kernel * Channels;

    /// <summary>Patch rows per image: OH·OW.</summary>
    public int Positions => OutputHeight * OutputWidth;
}
