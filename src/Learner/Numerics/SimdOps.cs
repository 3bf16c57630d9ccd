using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Flock.Learner.Numerics;

/// <summary>
/// The handful of vector operations the matrix kernels need, as static members so one generic kernel body is
/// compiled separately (and fully inlined) for 512-bit, 256-bit and scalar lanes. .NET does not expose its own
/// ISimdVector interface publicly, hence this small one.
/// </summary>
internal unsafe interface ISimdOps<TVector>
    where TVector : struct
{
    static abstract int Width { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Broadcast(float value);

    static abstract TVector Load(float* source);

    static abstract void Store(float* destination, TVector value);

    /// <summary>left·right + addend; fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract TVector Add(TVector left, TVector right);

    /// <summary>Sum of all lanes.</summary>
    static abstract float Sum(TVector value);

    /// <summary>max(value, 0) per lane, NaN propagating (a diverging network must stay visibly diverged).</summary>
    static abstract TVector Relu(TVector value);

    /// <summary>value where mask &gt; 0, else 0: the gradient through a ReLU whose output was mask.</summary>
    static abstract TVector KeepWherePositive(TVector value, TVector mask);
}

internal readonly unsafe struct Simd512 : ISimdOps<Vector512<float>>
{
    public static int Width => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector512<float> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> value) => Vector512.Max(value, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> KeepWherePositive(Vector512<float> value, Vector512<float> mask) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(mask, Vector512<float>.Zero), value, Vector512<float>.Zero);
}

internal readonly unsafe struct Simd256 : ISimdOps<Vector256<float>>
{
    public static int Width => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector256<float> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> value) => Vector256.Max(value, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> KeepWherePositive(Vector256<float> value, Vector256<float> mask) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(mask, Vector256<float>.Zero), value, Vector256<float>.Zero);
}

/// <summary>One lane: the path for hardware without usable vector units, and a reference for the vector paths.</summary>
internal readonly unsafe struct SimdScalar : ISimdOps<float>
{
    public static int Width => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, float value) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float left, float right, float addend) => (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float left, float right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float value) => float.IsNaN(value) ? value : MathF.Max(value, 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float KeepWherePositive(float value, float mask) => mask > 0f ? value : 0f;
}
