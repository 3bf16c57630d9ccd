using System.Numerics.Tensors;

namespace Flock.Learner.Optimization;

/// <summary>Global gradient norm before clipping, and whether the gradients were scaled down.</summary>
public readonly record struct ClipResult(float Norm, bool Clipped);

/// <summary>
/// torch.nn.utils.clip_grad_norm_ over one flat gradient: the 2-norm of all gradients together, and when it exceeds
/// the limit every gradient is scaled by limit / (norm + 1e-6), the same small constant PyTorch adds.
/// </summary>
public static class GradientClipping
{
    private const float NormEpsilon = 1e-6f;

    /// <param name="gradients">All gradients; scaled in place when clipped.</param>
    /// <param name="maxNorm">Largest allowed global norm; zero, negative or infinite turns clipping off (the norm is still measured).</param>
    public static ClipResult ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        var norm = TensorPrimitives.Norm<float>(gradients);
        if (!(maxNorm > 0f) || float.IsPositiveInfinity(maxNorm))
        {
            return new ClipResult(norm, false);
        }

        var coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient >= 1f)
        {
            return new ClipResult(norm, false);
        }

        TensorPrimitives.Multiply(gradients, coefficient, gradients);
        return new ClipResult(norm, true);
    }
}
