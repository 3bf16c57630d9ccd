using System.Numerics;

namespace Flock.Learner.Numerics;

/// <summary>
/// A valid convolution over HWC images computed in place, without unrolling patches: the competitor of
/// <see cref="Im2Col"/> + <see cref="MatMul"/> in <c>flockrl bench learner</c> (issue 17 asked which is faster
/// for MinAtar's conv16k3s1 on 10×10×C). SIMD runs over the output channels: for each output cell the filters'
/// sums live in two vector registers, and every input cell under the kernel is broadcast and multiplied into
/// them with the matching row of the weight matrix (laid out as the network's, (ky, kx, c) rows × filters).
/// Four output cells (forward) or four input channels (backward) are computed together, so each vector load
/// feeds eight FMAs, as the packed matrix kernels' register tiles do. The backward pass gives the first layer's gradients only (weights and bias; no input gradient), which is all
/// MinAtar's one convolution needs. Requires Filters to be a multiple of two vectors (16 on AVX2).
/// </summary>
internal static unsafe class DirectConvolution
{
    /// <summary>True when <see cref="Forward"/> and <see cref="WeightGradient"/> handle this many filters.</summary>
    public static bool Supports(int filters) => filters % (2 * Vector<float>.Count) == 0;

    /// <summary>output[b, oy, ox, f] = relu(bias[f] + Σ images[b, oy·s + ky, ox·s + kx, c] · weights[(ky·K + kx)·C + c, f]).</summary>
    public static void Forward(float* images, int count, in ConvolutionGeometry g, float* weights, float* bias, float* output)
    {
        var lanes = Vector<float>.Count;
        var filters = g.Filters;
        var run = g.Kernel * g.Channels;
        var step = (nint)g.Stride * g.Channels;
        for (var b = 0; b < count; b++)
        {
            var image = images + ((nint)b * g.Height * g.Width * g.Channels);
            for (var oy = 0; oy < g.OutputHeight; oy++)
            {
                var ox = 0;

                // Four output cells at a time share each weight load: 8 accumulators, 2 loads per 8 FMAs.
                for (; ox + 4 <= g.OutputWidth; ox += 4)
                {
                    var destination = output + ((((nint)b * g.OutputHeight) + oy) * g.OutputWidth + ox) * filters;
                    for (var f = 0; f < filters; f += 2 * lanes)
                    {
                        var low = Vector.Load(bias + f);
                        var high = Vector.Load(bias + f + lanes);
                        var (s0, t0, s1, t1, s2, t2, s3, t3) = (low, high, low, high, low, high, low, high);
                        for (var ky = 0; ky < g.Kernel; ky++)
                        {
                            // The K·C cells of one kernel row are contiguous in HWC.
                            var cells = image + (((((nint)oy * g.Stride) + ky) * g.Width) + ((nint)ox * g.Stride)) * g.Channels;
                            var rows = weights + ((nint)ky * run * filters) + f;
                            for (var j = 0; j < run; j++)
                            {
                                var w = Vector.Load(rows + ((nint)j * filters));
                                var v = Vector.Load(rows + ((nint)j * filters) + lanes);
                                var x0 = new Vector<float>(cells[j]);
                                var x1 = new Vector<float>(cells[j + step]);
                                var x2 = new Vector<float>(cells[j + (2 * step)]);
                                var x3 = new Vector<float>(cells[j + (3 * step)]);
                                s0 += x0 * w;
                                t0 += x0 * v;
                                s1 += x1 * w;
                                t1 += x1 * v;
                                s2 += x2 * w;
                                t2 += x2 * v;
                                s3 += x3 * w;
                                t3 += x3 * v;
                            }
                        }

                        Store(s0, t0, destination + f, lanes);
                        Store(s1, t1, destination + filters + f, lanes);
                        Store(s2, t2, destination + (2 * filters) + f, lanes);
                        Store(s3, t3, destination + (3 * filters) + f, lanes);
                    }
                }

                for (; ox < g.OutputWidth; ox++)
                {
                    var destination = output + ((((nint)b * g.OutputHeight) + oy) * g.OutputWidth + ox) * filters;
                    for (var f = 0; f < filters; f += 2 * lanes)
                    {
                        var sum = Vector.Load(bias + f);
                        var sumToo = Vector.Load(bias + f + lanes);
                        for (var ky = 0; ky < g.Kernel; ky++)
                        {
                            var cells = image + (((((nint)oy * g.Stride) + ky) * g.Width) + ((nint)ox * g.Stride)) * g.Channels;
                            var rows = weights + ((nint)ky * run * filters) + f;
                            for (var j = 0; j < run; j++)
                            {
                                var cell = new Vector<float>(cells[j]);
                                sum += cell * Vector.Load(rows + ((nint)j * filters));
                                sumToo += cell * Vector.Load(rows + ((nint)j * filters) + lanes);
                            }
                        }

                        Store(sum, sumToo, destination + f, lanes);
                    }
                }
            }
        }
    }

    private static void Store(Vector<float> low, Vector<float> high, float* destination, int lanes)
    {
        Vector.Max(low, Vector<float>.Zero).Store(destination);
        Vector.Max(high, Vector<float>.Zero).Store(destination + lanes);
    }

    /// <summary>
    /// weightGradient[(ky·K + kx)·C + c, f] = Σ over images and output cells of the input cell under (ky, kx, c)
    /// times outputGradient[.., f]; biasGradient[f] = Σ outputGradient[.., f]. One weight row at a time, its sums in
    /// registers, so the output gradient is streamed once per row rather than the weights once per cell.
    /// </summary>
    public static void WeightGradient(float* images, int count, in ConvolutionGeometry g, float* outputGradient, float* weightGradient, float* biasGradient)
    {
        var lanes = Vector<float>.Count;
        var filters = g.Filters;
        var positions = (nint)count * g.Positions;
        for (var ky = 0; ky < g.Kernel; ky++)
        {
            for (var kx = 0; kx < g.Kernel; kx++)
            {
                var c = 0;

                // Four channels at a time share each output-gradient load: 8 accumulators, 2 loads per 8 FMAs.
                for (; c + 4 <= g.Channels; c += 4)
                {
                    var row = weightGradient + ((((nint)ky * g.Kernel) + kx) * g.Channels + c) * filters;
                    for (var f = 0; f < filters; f += 2 * lanes)
                    {
                        Vector<float> s0 = default, t0 = default, s1 = default, t1 = default, s2 = default, t2 = default, s3 = default, t3 = default;
                        for (var b = 0; b < count; b++)
                        {
                            var image = images + ((nint)b * g.Height * g.Width * g.Channels) + c;
                            var gradient = outputGradient + ((nint)b * g.Positions * filters) + f;
                            for (var oy = 0; oy < g.OutputHeight; oy++)
                            {
                                var cells = image + (((((nint)oy * g.Stride) + ky) * g.Width) + kx) * g.Channels;
                                for (var ox = 0; ox < g.OutputWidth; ox++)
                                {
                                    var w = Vector.Load(gradient);
                                    var v = Vector.Load(gradient + lanes);
                                    var cell = cells + ((nint)ox * g.Stride * g.Channels);
                                    var x0 = new Vector<float>(cell[0]);
                                    var x1 = new Vector<float>(cell[1]);
                                    var x2 = new Vector<float>(cell[2]);
                                    var x3 = new Vector<float>(cell[3]);
                                    s0 += x0 * w;
                                    t0 += x0 * v;
                                    s1 += x1 * w;
                                    t1 += x1 * v;
                                    s2 += x2 * w;
                                    t2 += x2 * v;
                                    s3 += x3 * w;
                                    t3 += x3 * v;
                                    gradient += filters;
                                }
                            }
                        }

                        s0.Store(row + f);
                        t0.Store(row + f + lanes);
                        s1.Store(row + filters + f);
                        t1.Store(row + filters + f + lanes);
                        s2.Store(row + (2 * filters) + f);
                        t2.Store(row + (2 * filters) + f + lanes);
                        s3.Store(row + (3 * filters) + f);
                        t3.Store(row + (3 * filters) + f + lanes);
                    }
                }

                for (; c < g.Channels; c++)
                {
                    var row = weightGradient + ((((nint)ky * g.Kernel) + kx) * g.Channels + c) * filters;
                    for (var f = 0; f < filters; f += 2 * lanes)
                    {
                        var sum = Vector<float>.Zero;
                        var sumToo = Vector<float>.Zero;
                        for (var b = 0; b < count; b++)
                        {
                            var image = images + ((nint)b * g.Height * g.Width * g.Channels) + c;
                            var gradient = outputGradient + ((nint)b * g.Positions * filters) + f;
                            for (var oy = 0; oy < g.OutputHeight; oy++)
                            {
                                var cells = image + (((((nint)oy * g.Stride) + ky) * g.Width) + kx) * g.Channels;
                                for (var ox = 0; ox < g.OutputWidth; ox++)
                                {
                                    var cell = new Vector<float>(cells[(nint)ox * g.Stride * g.Channels]);
                                    sum += cell * Vector.Load(gradient);
                                    sumToo += cell * Vector.Load(gradient + lanes);
                                    gradient += filters;
                                }
                            }
                        }

                        sum.Store(row + f);
                        sumToo.Store(row + f + lanes);
                    }
                }
            }
        }

        ColumnSums.Compute(outputGradient, (int)positions, filters, biasGradient);
    }
}
