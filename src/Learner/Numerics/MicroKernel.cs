namespace Flock.Learner.Numerics;

/// <summary>
/// Register-blocked inner loops of the matrix product C (+)= A·P, where A is read one scalar at a time
/// (broadcast) and P is a packed panel whose rows are contiguous vectors. <see cref="Rows"/> rows of C times
/// <see cref="VectorsPerPanel"/> vectors stay in registers for the whole depth loop: 16 independent accumulator
/// chains cover the FMA latency (4 cycles × 2 FMA/cycle on Zen 4/5), and each loaded panel vector is reused by
/// every row while each broadcast is reused by every vector, so the loop is bound by FMA throughput, not loads.
/// </summary>
internal static unsafe class MicroKernel<TOps, TVector>
    where TOps : struct, ISimdOps<TVector>
    where TVector : struct
{
    public const int Rows = 4;
    public const int VectorsPerPanel = 4;

    /// <summary>Floats in one full packed panel row.</summary>
    public static int PanelWidth => VectorsPerPanel * TOps.Width;

    /// <summary>
    /// C[4 × PanelWidth] (+)= A[4 × depth]·P[depth × PanelWidth], then <paramref name="epilogue"/> (positioned at this block). <paramref name="a0"/>..<paramref name="a3"/> point at
    /// the first element of each A row and advance by <paramref name="aStep"/> per depth step; P rows are PanelWidth floats apart.
    /// </summary>
    public static void Full(
        int depth, float* a0, float* a1, float* a2, float* a3, nint aStep, float* panel, float* c, nint ldc, bool accumulate, in Epilogue epilogue)
    {
        var w = TOps.Width;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        var panelStep = 4 * w;
        for (var p = 0; p < depth; p++)
        {
            var b0 = TOps.Load(panel);
            var b1 = TOps.Load(panel + w);
            var b2 = TOps.Load(panel + (2 * w));
            var b3 = TOps.Load(panel + (3 * w));
            var x = TOps.Broadcast(*a0);
            c00 = TOps.MultiplyAdd(x, b0, c00);
            c01 = TOps.MultiplyAdd(x, b1, c01);
            c02 = TOps.MultiplyAdd(x, b2, c02);
            c03 = TOps.MultiplyAdd(x, b3, c03);
            x = TOps.Broadcast(*a1);
            c10 = TOps.MultiplyAdd(x, b0, c10);
            c11 = TOps.MultiplyAdd(x, b1, c11);
            c12 = TOps.MultiplyAdd(x, b2, c12);
            c13 = TOps.MultiplyAdd(x, b3, c13);
            x = TOps.Broadcast(*a2);
            c20 = TOps.MultiplyAdd(x, b0, c20);
            c21 = TOps.MultiplyAdd(x, b1, c21);
            c22 = TOps.MultiplyAdd(x, b2, c22);
            c23 = TOps.MultiplyAdd(x, b3, c23);
            x = TOps.Broadcast(*a3);
            c30 = TOps.MultiplyAdd(x, b0, c30);
            c31 = TOps.MultiplyAdd(x, b1, c31);
            c32 = TOps.MultiplyAdd(x, b2, c32);
            c33 = TOps.MultiplyAdd(x, b3, c33);
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
            panel += panelStep;
        }

        StoreRow(c, w, accumulate, epilogue, 0, c00, c01, c02, c03);
        StoreRow(c + ldc, w, accumulate, epilogue, 1, c10, c11, c12, c13);
        StoreRow(c + (2 * ldc), w, accumulate, epilogue, 2, c20, c21, c22, c23);
        StoreRow(c + (3 * ldc), w, accumulate, epilogue, 3, c30, c31, c32, c33);
    }

    /// <summary>
    /// C[4 × Width] (+)= A[4 × depth]·P[depth × Width] for one vector column of a panel whose rows are
    /// <paramref name="panelStride"/> floats apart: the narrow tail of a product whose width is not a whole panel.
    /// Four chains are enough here because such tails are a small share of the work.
    /// </summary>
    public static void SingleVector(
        int depth,
        float* a0,
        float* a1,
        float* a2,
        float* a3,
        nint aStep,
        float* panel,
        nint panelStride,
        float* c,
        nint ldc,
        bool accumulate,
        in Epilogue epilogue)
    {
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        for (var p = 0; p < depth; p++)
        {
            var b = TOps.Load(panel);
            c0 = TOps.MultiplyAdd(TOps.Broadcast(*a0), b, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(*a1), b, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(*a2), b, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(*a3), b, c3);
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
            panel += panelStride;
        }

        StoreOne(c, accumulate, epilogue, 0, 0, c0);
        StoreOne(c + ldc, accumulate, epilogue, 1, 0, c1);
        StoreOne(c + (2 * ldc), accumulate, epilogue, 2, 0, c2);
        StoreOne(c + (3 * ldc), accumulate, epilogue, 3, 0, c3);
    }

    private static void StoreRow(float* c, int w, bool accumulate, in Epilogue epilogue, nint row, TVector v0, TVector v1, TVector v2, TVector v3)
    {
        StoreOne(c, accumulate, epilogue, row, 0, v0);
        StoreOne(c + w, accumulate, epilogue, row, w, v1);
        StoreOne(c + (2 * w), accumulate, epilogue, row, 2 * w, v2);
        StoreOne(c + (3 * w), accumulate, epilogue, row, 3 * w, v3);
    }

    private static void StoreOne(float* c, bool accumulate, in Epilogue epilogue, nint row, nint column, TVector value)
    {
        if (accumulate)
        {
            value = TOps.Add(TOps.Load(c), value);
        }

        if (epilogue.Bias != null)
        {
            value = TOps.Add(value, TOps.Load(epilogue.Bias + column));
        }

        if (epilogue.Relu)
        {
            value = TOps.Relu(value);
        }

        if (epilogue.Mask != null)
        {
            value = TOps.KeepWherePositive(value, TOps.Load(epilogue.Mask + (row * epilogue.MaskStride) + column));
        }

        TOps.Store(c, value);
    }
}
