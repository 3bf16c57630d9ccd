using Flock.Learner.Networks;
using Flock.Learner.Optimization;

namespace Flock.Learner.Tests.Networks;

/// <summary>
/// A float64 re-implementation of the Q-network and the weighted losses, written for clarity, not speed: the
/// yardstick the float32 kernels and the analytic backward pass are checked against.
/// </summary>
internal static class ReferenceNetwork
{
    public static double[] Forward(QNetworkSpec spec, double[] parameters, double[] observations, int rows)
    {
        var layout = spec.CreateLayout();
        var activation = observations;
        for (var index = 0; index < spec.Convolutions.Count; index++)
        {
            activation = Convolve(spec, layout, index, parameters, activation, rows);
        }

        for (var layer = 0; layer < spec.LayerCount; layer++)
        {
            int inputs = spec.LayerInputs(layer), outputs = spec.LayerOutputs(layer);
            var next = new double[rows * outputs];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < outputs; j++)
                {
                    var sum = parameters[layout.BiasOffset(layer) + j];
                    for (var k = 0; k < inputs; k++)
                    {
                        sum += activation[(i * inputs) + k] * parameters[layout.WeightOffset(layer) + (k * outputs) + j];
                    }

                    next[(i * outputs) + j] = layer < spec.LayerCount - 1 ? Math.Max(sum, 0) : sum;
                }
            }

            activation = next;
        }

        if (!spec.Dueling)
        {
            return activation;
        }

        var actions = spec.ActionCount;
        var q = new double[rows * actions];
        for (var i = 0; i < rows; i++)
        {
            var mean = 0.0;
            for (var a = 0; a < actions; a++)
            {
                mean += activation[(i * (actions + 1)) + 1 + a];
            }

            mean /= actions;
            for (var a = 0; a < actions; a++)
            {
                q[(i * actions) + a] = activation[i * (actions + 1)] + activation[(i * (actions + 1)) + 1 + a] - mean;
            }
        }

        return q;
    }

    /// <summary>A direct valid convolution over HWC images with ReLU: out[b, oy, ox, f] = relu(bias[f] + Σ in[b, oy·s+ky, ox·s+kx, c]·W[(ky, kx, c), f]).</summary>
    private static double[] Convolve(QNetworkSpec spec, ParameterLayout layout, int index, double[] parameters, double[] images, int rows)
    {
        var (height, width, channels) = spec.ConvolutionInput(index);
        var (outHeight, outWidth, filters) = spec.ConvolutionOutput(index);
        var kernel = spec.Convolutions[index].Kernel;
        var stride = spec.Convolutions[index].Stride;
        var output = new double[rows * outHeight * outWidth * filters];
        for (var b = 0; b < rows; b++)
        {
            for (var oy = 0; oy < outHeight; oy++)
            {
                for (var ox = 0; ox < outWidth; ox++)
                {
                    for (var f = 0; f < filters; f++)
                    {
                        var sum = parameters[layout.ConvolutionBiasOffset(index) + f];
                        for (var ky = 0; ky < kernel; ky++)
                        {
                            for (var kx = 0; kx < kernel; kx++)
                            {
                                for (var c = 0; c < channels; c++)
                                {
                                    var cell = images[(((((b * height) + (oy * stride) + ky) * width) + (ox * stride) + kx) * channels) + c];
                                    var row = (((ky * kernel) + kx) * channels) + c;
                                    sum += cell * parameters[layout.ConvolutionWeightOffset(index) + (row * filters) + f];
                                }
                            }
                        }

                        output[(((((b * outHeight) + oy) * outWidth) + ox) * filters) + f] = Math.Max(sum, 0);
                    }
                }
            }
        }

        return output;
    }

    /// <summary>(1/B) Σ wᵢ ℓ(Q(sᵢ, aᵢ) − yᵢ).</summary>
    public static double Loss(
        QNetworkSpec spec, LossKind kind, double[] parameters, double[] observations, int[] actions, double[] targets, double[] weights)
    {
        var rows = actions.Length;
        var q = Forward(spec, parameters, observations, rows);
        var total = 0.0;
        for (var i = 0; i < rows; i++)
        {
            var x = q[(i * spec.ActionCount) + actions[i]] - targets[i];
            var loss = kind == LossKind.Huber
                ? (Math.Abs(x) < 1 ? 0.5 * x * x : Math.Abs(x) - 0.5)
                : x * x;
            total += weights[i] * loss;
        }

        return total / rows;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
