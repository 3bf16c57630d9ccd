using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Flock.Learner.Optimization;

/// <summary>
/// Adam's constants (learning rate comes from the schedule). Doubles, like the Python floats PyTorch takes, so
/// 1 − β is formed exactly as PyTorch forms it before it becomes a float32 factor.
/// </summary>
public sealed record AdamOptions
{
    /// <summary>Decay of the gradient's running mean. 0.9: Kingma and Ba's and PyTorch's default.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the squared gradient's running mean. 0.999: Kingma and Ba's and PyTorch's default.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// Added to √v̂ (outside the root, as PyTorch does) so steps stay bounded where gradients vanish. 1e-8: PyTorch's
    /// default and CleanRL's DQN setting; Rainbow-style agents raise it (1.5e-4) to damp early steps.
    /// </summary>
    public double Epsilon { get; init; } = 1e-8;
}

/// <summary>
/// Adam with bias correction, step for step what torch.optim.Adam computes (no weight decay, no amsgrad):
/// m ← m + (1 − β₁)(g − m), v ← β₂v + (1 − β₂)g², then p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
/// The moments are flat arrays parallel to the flat parameters.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;

    public AdamOptimizer(int parameterCount, AdamOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Beta1 is < 0 or >= 1 || options.Beta2 is < 0 or >= 1 || !(options.Epsilon >= 0))
        {
            throw new ArgumentException($"Adam needs 0 ≤ β < 1 and ε ≥ 0, got β₁={options.Beta1}, β₂={options.Beta2}, ε={options.Epsilon}", nameof(options));
        }

        Options = options;
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
    }

    public AdamOptions Options { get; }

    /// <summary>Steps taken so far (t of the bias correction after the last step).</summary>
    public long StepCount { get; private set; }

    /// <summary>Running mean of gradients, m.</summary>
    public ReadOnlySpan<float> FirstMoment => _firstMoment;

    /// <summary>Running mean of squared gradients, v.</summary>
    public ReadOnlySpan<float> SecondMoment => _secondMoment;

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        if (parameters.Length != _firstMoment.Length || gradients.Length != _firstMoment.Length)
        {
            throw new ArgumentException($"Adam holds {_firstMoment.Length} parameters, got {parameters.Length} parameters and {gradients.Length} gradients");
        }

        StepCount++;
        // Like PyTorch: scalars are computed in double, then used as float32 factors.
        var stepSize = (float)(learningRate / (1 - Math.Pow(Options.Beta1, StepCount)));
        var correction2Root = (float)Math.Sqrt(1 - Math.Pow(Options.Beta2, StepCount));
        var beta2 = (float)Options.Beta2;
        var oneMinusBeta1 = (float)(1 - Options.Beta1);
        var oneMinusBeta2 = (float)(1 - Options.Beta2);
        var epsilon = (float)Options.Epsilon;

        // √v̂ = √v·(1/√(1 − β₂ᵗ)): a multiply instead of PyTorch's divide by the scalar (within an ulp), which
        // leaves one square root and one division per element; those two set the speed of this loop.
        var inverseRoot = 1f / correction2Root;
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var m = ref MemoryMarshal.GetArrayDataReference(_firstMoment);
        ref var v = ref MemoryMarshal.GetArrayDataReference(_secondMoment);
        var length = (nuint)parameters.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = (nuint)Vector<float>.Count;
            var vBeta2 = new Vector<float>(beta2);
            var vOneMinusBeta1 = new Vector<float>(oneMinusBeta1);
            var vOneMinusBeta2 = new Vector<float>(oneMinusBeta2);
            var vInverseRoot = new Vector<float>(inverseRoot);
            var vEpsilon = new Vector<float>(epsilon);
            var vStep = new Vector<float>(stepSize);
            for (; i + lanes <= length; i += lanes)
            {
                var gi = Vector.LoadUnsafe(ref g, i);
                var mi = Vector.LoadUnsafe(ref m, i);
                mi += vOneMinusBeta1 * (gi - mi);
                var vi = (vBeta2 * Vector.LoadUnsafe(ref v, i)) + (vOneMinusBeta2 * (gi * gi));
                var denominator = (Vector.SquareRoot(vi) * vInverseRoot) + vEpsilon;
                (Vector.LoadUnsafe(ref p, i) - (vStep * (mi / denominator))).StoreUnsafe(ref p, i);
                mi.StoreUnsafe(ref m, i);
                vi.StoreUnsafe(ref v, i);
            }
        }

        for (; i < length; i++)
        {
            var gi = Unsafe.Add(ref g, i);
            ref var mi = ref Unsafe.Add(ref m, i);
            ref var vi = ref Unsafe.Add(ref v, i);
            mi += oneMinusBeta1 * (gi - mi);
            vi = (beta2 * vi) + (oneMinusBeta2 * (gi * gi));
            Unsafe.Add(ref p, i) -= stepSize * (mi / ((MathF.Sqrt(vi) * inverseRoot) + epsilon));
        }
    }

    /// <summary>Restores m, v and the step count (from a checkpoint).</summary>
    public void Restore(ReadOnlySpan<float> firstMoment, ReadOnlySpan<float> secondMoment, long stepCount)
    {
        if (firstMoment.Length != _firstMoment.Length || secondMoment.Length != _secondMoment.Length)
        {
            throw new ArgumentException($"Adam holds {_firstMoment.Length} parameters, got moments of {firstMoment.Length} and {secondMoment.Length}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        firstMoment.CopyTo(_firstMoment);
        secondMoment.CopyTo(_secondMoment);
        StepCount = stepCount;
    }
}
