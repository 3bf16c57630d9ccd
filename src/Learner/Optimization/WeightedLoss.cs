namespace Flock.Learner.Optimization;

/// <summary>
/// Importance-weighted loss over a batch, mean-reduced: L = (1/B)·Σᵢ wᵢ·ℓ(predᵢ − targetᵢ), with its gradient with
/// respect to each prediction. The weights are prioritized replay's importance-sampling corrections.
/// </summary>
public static class WeightedLoss
{
    /// <summary>Returns L and writes ∂L/∂predᵢ = wᵢ·ℓ′(predᵢ − targetᵢ)/B into <paramref name="predictionGradients"/>.</summary>
    public static float Evaluate(
        LossKind kind, ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, Span<float> predictionGradients)
    {
        var count = predictions.Length;
        if (targets.Length < count || weights.Length < count || predictionGradients.Length < count)
        {
            throw new ArgumentException("targets, weights and gradients need one value per prediction");
        }

        if (count == 0)
        {
            return 0f;
        }

        var scale = 1f / count;
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            var difference = predictions[i] - targets[i];
            var weight = weights[i];
            if (kind == LossKind.Huber)
            {
                total += weight * Huber(difference);
                predictionGradients[i] = weight * HuberDerivative(difference) * scale;
            }
            else
            {
                total += weight * difference * difference;
                predictionGradients[i] = weight * 2f * difference * scale;
            }
        }

        return (float)(total * scale);
    }

    /// <summary>Smooth L1 (δ = 1); the linear branch starts at |x| = 1 exactly, as in PyTorch.</summary>
    public static float Huber(float x)
    {
        var magnitude = MathF.Abs(x);
        return magnitude < 1f ? 0.5f * x * x : magnitude - 0.5f;
    }

    /// <summary>x inside the knee, sign(x) outside: continuous, so the branch taken at |x| = 1 does not matter.</summary>
    public static float HuberDerivative(float x) => Math.Clamp(x, -1f, 1f);
}
