using Flock.Learner.Numerics;

namespace Flock.Learner.Networks;

/// <summary>
/// PyTorch's default nn.Linear initialisation, so a Flock network starts from the same distribution as the
/// reference implementations it is compared with: weights by kaiming_uniform(a = √5), whose bound
/// gain·√(3 / fan_in) with gain = √(2 / (1 + a²)) simplifies to 1/√fan_in, and biases U(−1/√fan_in, 1/√fan_in).
/// fan_in is the layer's input width (for the fused dueling head too, as for separate value and advantage layers);
/// nn.Conv2d uses the same rule with fan_in = K·K·C_in.
/// </summary>
public static class PyTorchInitializer
{
    public static void Initialize(QNetworkSpec spec, Span<float> parameters, FastRandom random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        var layout = spec.CreateLayout();
        if (parameters.Length != layout.TotalLength)
        {
            throw new ArgumentException($"expected {layout.TotalLength} parameters, got {parameters.Length}", nameof(parameters));
        }

        for (var index = 0; index < spec.Convolutions.Count; index++)
        {
            var patch = spec.ConvolutionPatch(index);
            var filters = spec.Convolutions[index].Filters;
            var convolutionBound = 1.0 / Math.Sqrt(patch);
            Fill(parameters.Slice(layout.ConvolutionWeightOffset(index), patch * filters), convolutionBound, random);
            Fill(parameters.Slice(layout.ConvolutionBiasOffset(index), filters), convolutionBound, random);
        }

        for (var layer = 0; layer < spec.LayerCount; layer++)
        {
            var bound = 1.0 / Math.Sqrt(spec.LayerInputs(layer));
            var weightLength = spec.LayerInputs(layer) * spec.LayerOutputs(layer);
            Fill(parameters.Slice(layout.WeightOffset(layer), weightLength), bound, random);
            Fill(parameters.Slice(layout.BiasOffset(layer), spec.LayerOutputs(layer)), bound, random);
        }
    }

    private static void Fill(Span<float> values, double bound, FastRandom random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }
    }
}
