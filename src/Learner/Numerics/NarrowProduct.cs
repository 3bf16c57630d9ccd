namespace Flock.Learner.Numerics;

/// <summary>
/// Products whose result has fewer columns than one vector holds, such as a Q head with two actions. The
/// panel kernel would fill one lane in eight or sixteen there, so these turn the product around: either each
/// output is a dot product along the (long, contiguous) depth, or the transposed product is computed with the
/// narrow side as rows and written back transposed.
/// </summary>
internal static unsafe class NarrowProduct<TOps, TVector>
    where TOps : struct, ISimdOps<TVector>
    where TVector : struct
{
    private const int Rows = 4;

    /// <summary>C (+)= A·B as dot products of A's rows (contiguous: ColStride 1) with B's columns.</summary>
    public static void DotRows(
        int m, int n, int k, MatrixOperand a, MatrixOperand b, float* c, nint ldc, bool accumulate, in Epilogue epilogue, MatMulWorkspace workspace)
    {
        // Bᵀ, n rows of k contiguous floats: tiny, since n is narrow.
        var bt = workspace.PackingBuffer((long)n * k);
        for (var j = 0; j < n; j++)
        {
            for (var p = 0; p < k; p++)
            {
                bt[((nint)j * k) + p] = *b.At(p, j);
            }
        }

        var w = TOps.Width;
        for (var i = 0; i < m; i += Rows)
        {
            var rows = Math.Min(Rows, m - i);
            var a0 = a.At(i, 0);
            var a1 = rows > 1 ? a.At(i + 1, 0) : a0;
            var a2 = rows > 2 ? a.At(i + 2, 0) : a0;
            var a3 = rows > 3 ? a.At(i + 3, 0) : a0;
            for (var j = 0; j < n; j++)
            {
                var column = bt + ((nint)j * k);
                TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                var p = 0;
                for (; p <= k - w; p += w)
                {
                    var bv = TOps.Load(column + p);
                    s0 = TOps.MultiplyAdd(TOps.Load(a0 + p), bv, s0);
                    s1 = TOps.MultiplyAdd(TOps.Load(a1 + p), bv, s1);
                    s2 = TOps.MultiplyAdd(TOps.Load(a2 + p), bv, s2);
                    s3 = TOps.MultiplyAdd(TOps.Load(a3 + p), bv, s3);
                }

                float d0 = TOps.Sum(s0), d1 = TOps.Sum(s1), d2 = TOps.Sum(s2), d3 = TOps.Sum(s3);
                for (; p < k; p++)
                {
                    var bs = column[p];
                    d0 += a0[p] * bs;
                    d1 += a1[p] * bs;
                    d2 += a2[p] * bs;
                    d3 += a3[p] * bs;
                }

                var block = epilogue.At(i, 0);
                var target = c + (i * ldc) + j;
                StoreScalar(target, accumulate, d0, block, 0, j);
                if (rows > 1)
                {
                    StoreScalar(target + ldc, accumulate, d1, block, 1, j);
                }

                if (rows > 2)
                {
                    StoreScalar(target + (2 * ldc), accumulate, d2, block, 2, j);
                }

                if (rows > 3)
                {
                    StoreScalar(target + (3 * ldc), accumulate, d3, block, 3, j);
                }
            }
        }
    }

    /// <summary>
    /// C (+)= A·B computed as Cᵀ = Bᵀ·Aᵀ: the narrow n becomes the row count and the long m the vector
    /// direction. Used when A is itself a transposed view (Xᵀ in a weight gradient), so Aᵀ packs contiguously.
    /// </summary>
    public static void Transposed(
        int m, int n, int k, MatrixOperand a, MatrixOperand b, float* c, nint ldc, bool accumulate, in Epilogue epilogue, MatMulWorkspace workspace)
    {
        var ct = workspace.ScratchBuffer((long)n * m);
        var bTransposed = new MatrixOperand(b.Data, b.ColStride, b.RowStride);
        var aTransposed = new MatrixOperand(a.Data, a.ColStride, a.RowStride);
        MatMul<TOps, TVector>.MultiplyWide(n, m, k, bTransposed, aTransposed, ct, m, accumulate: false, Epilogue.None, workspace);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                StoreScalar(c + (i * ldc) + j, accumulate, ct[((nint)j * m) + i], epilogue, i, j);
            }
        }
    }

    private static void StoreScalar(float* target, bool accumulate, float value, in Epilogue epilogue, nint row, nint column) =>
        *target = epilogue.Apply(accumulate ? *target + value : value, row, column);
}
