using System.Numerics;
using Flock.Learner.Numerics;

namespace Flock.Learner.Tests.Numerics;

/// <summary>
/// The direct convolution that <c>flockrl bench learner</c> races against im2col must compute the same layer,
/// or the race means nothing: its outputs and gradients against a plain loop over the definition.
/// </summary>
public sealed unsafe class DirectConvolutionTests
{
    [Theory]
    [InlineData(3, 10, 10, 4, 3, 1)]
    [InlineData(2, 10, 10, 10, 3, 1)]
    [InlineData(2, 9, 7, 3, 2, 2)]
    public void Forward_and_weight_gradient_match_the_definition(int count, int height, int width, int channels, int kernel, int stride)
    {
        var filters = 2 * Vector<float>.Count;
        var outputHeight = ((height - kernel) / stride) + 1;
        var outputWidth = ((width - kernel) / stride) + 1;
        var g = new ConvolutionGeometry(height, width, channels, kernel, stride, outputHeight, outputWidth, filters);
        var random = new Random(5);
        var images = Random(random, count * height * width * channels);
        var weights = Random(random, g.Patch * filters);
        var bias = Random(random, filters);
        var outputGradient = Random(random, count * g.Positions * filters);
        var output = new float[count * g.Positions * filters];
        var weightGradient = new float[g.Patch * filters];
        var biasGradient = new float[filters];
        fixed (float* x = images, w = weights, b = bias, y = output, dy = outputGradient, dw = weightGradient, db = biasGradient)
        {
            DirectConvolution.Forward(x, count, g, w, b, y);
            DirectConvolution.WeightGradient(x, count, g, dy, dw, db);
        }

        var expectedWeights = new double[g.Patch * filters];
        var expectedBias = new double[filters];
        for (var n = 0; n < count; n++)
        {
            for (var oy = 0; oy < outputHeight; oy++)
            {
                for (var ox = 0; ox < outputWidth; ox++)
                {
                    var position = (((n * outputHeight) + oy) * outputWidth) + ox;
                    for (var f = 0; f < filters; f++)
                    {
                        double sum = bias[f];
                        var gradient = outputGradient[(position * filters) + f];
                        expectedBias[f] += gradient;
                        for (var ky = 0; ky < kernel; ky++)
                        {
                            for (var kx = 0; kx < kernel; kx++)
                            {
                                for (var c = 0; c < channels; c++)
                                {
                                    var cell = images[(((((n * height) + (oy * stride) + ky) * width) + (ox * stride) + kx) * channels) + c];
                                    var row = (((ky * kernel) + kx) * channels) + c;
                                    sum += cell * weights[(row * filters) + f];
                                    expectedWeights[(row * filters) + f] += cell * gradient;
                                }
                            }
                        }

                        Close(Math.Max(sum, 0), output[(position * filters) + f]);
                    }
                }
            }
        }

        for (var i = 0; i < expectedWeights.Length; i++)
        {
            Close(expectedWeights[i], weightGradient[i]);
        }

        for (var f = 0; f < filters; f++)
        {
            Close(expectedBias[f], biasGradient[f]);
        }
    }

    [Fact]
    public void The_comparison_checks_both_algorithms_agree_before_timing_them()
    {
        var timings = ConvolutionAlgorithmComparison.Compare(4, 10, 10, 4, filters: 2 * Vector<float>.Count, kernel: 3, stride: 1, seconds: 0.004);
        Assert.InRange(timings.LargestDifference, 0, 1e-4);
        Assert.True(timings.Im2ColForward > 0 && timings.DirectForward > 0 && timings.Im2ColBackward > 0 && timings.DirectBackward > 0);
    }

    /// <summary>Within float rounding of sums of a few hundred terms.</summary>
    private static void Close(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
