using System.Runtime.Intrinsics;

namespace Flock.Learner.Numerics;

/// <summary>
/// Single-precision matrix product C[m × n] (+)= A[m × k]·B[k × n] for the network's forward and backward passes,
/// on the widest vector unit the machine accelerates (512-bit, then 256-bit, then scalar). Operands are strided
/// views, so X·W, Xᵀ·dY and dY·Wᵀ all run through the same packed, register-blocked kernel.
/// </summary>
internal static unsafe class MatMul
{
    /// <summary>Which kernel family this machine uses.</summary>
    public static SimdPath DefaultPath { get; } =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    /// <summary>
    /// C ← epilogue(A·B [+ C]). A is m × k, B is k × n, C is row-major with <paramref name="ldc"/> floats per row.
    /// With <paramref name="accumulate"/> false C is overwritten (its previous contents are never read).
    /// </summary>
    public static void Multiply(
        int m, int n, int k, MatrixOperand a, MatrixOperand b, float* c, nint ldc, bool accumulate, in Epilogue epilogue, MatMulWorkspace workspace) =>
        Multiply(DefaultPath, m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);

    public static void Multiply(
        SimdPath path,
        int m,
        int n,
        int k,
        MatrixOperand a,
        MatrixOperand b,
        float* c,
        nint ldc,
        bool accumulate,
        in Epilogue epilogue,
        MatMulWorkspace workspace)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                MatMul<Simd512, Vector512<float>>.Multiply(m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);
                break;
            case SimdPath.Vector256:
                MatMul<Simd256, Vector256<float>>.Multiply(m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);
                break;
            default:
                MatMul<SimdScalar, float>.Multiply(m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);
                break;
        }
    }
}

/// <summary>Vector width a kernel family works with.</summary>
internal enum SimdPath
{
    Scalar,
    Vector256,
    Vector512,
}
