namespace Flock.Learner.Numerics;

/// <summary>The product for one vector width: pack B, then walk panels × depth blocks × row blocks.</summary>
internal static unsafe class MatMul<TOps, TVector>
    where TOps : struct, ISimdOps<TVector>
    where TVector : struct
{
    /// <summary>
    /// Depth block: a 128-deep slice of a 64-float panel is 32 KiB, the L1 data cache, and is reused by every row
    /// block before the next slice is touched. Deeper products re-read C once per block, which is cheap.
    /// </summary>
    private const int DepthBlock = 128;

    private const int MaxPanelWidth = MicroKernel<Simd512, System.Runtime.Intrinsics.Vector512<float>>.VectorsPerPanel * 16;

    private static int Rows => MicroKernel<TOps, TVector>.Rows;

    public static void Multiply(
        int m, int n, int k, MatrixOperand a, MatrixOperand b, float* c, nint ldc, bool accumulate, in Epilogue epilogue, MatMulWorkspace workspace)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldc, n);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            EmptyProduct(m, n, c, ldc, accumulate, epilogue);
            return;
        }

        if (n < TOps.Width && m >= TOps.Width)
        {
            if (a.ColStride == 1)
            {
                NarrowProduct<TOps, TVector>.DotRows(m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);
            }
            else
            {
                NarrowProduct<TOps, TVector>.Transposed(m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);
            }

            return;
        }

        MultiplyWide(m, n, k, a, b, c, ldc, accumulate, epilogue, workspace);
    }

    /// <summary>The panel-kernel product, for results at least one vector wide (narrower ones work but waste lanes).</summary>
    public static void MultiplyWide(
        int m, int n, int k, MatrixOperand a, MatrixOperand b, float* c, nint ldc, bool accumulate, in Epilogue epilogue, MatMulWorkspace workspace)
    {
        var panelWidth = MicroKernel<TOps, TVector>.PanelWidth;
        var packed = workspace.PackingBuffer(PanelPacker.PackedLength(k, n, panelWidth));
        PanelPacker.Pack(k, n, b, packed, panelWidth, TOps.Width);
        var job = new MatMulJob(n, k, a, packed, c, ldc, accumulate, epilogue);
        if (workspace.DegreeOfParallelism > 1 && (long)m * n * k >= MatMulWorkspace.ParallelThreshold && m >= 2 * Rows)
        {
            workspace.RunRowsInParallel(job, m, Rows, &ComputeRows);
        }
        else
        {
            ComputeRows(job, 0, m);
        }
    }

    /// <summary>Rows [rowStart, rowEnd) of C for every column; independent of other row ranges.</summary>
    public static void ComputeRows(in MatMulJob job, int rowStart, int rowEnd)
    {
        var panelWidth = MicroKernel<TOps, TVector>.PanelWidth;
        var w = TOps.Width;
        var a = job.A;
        var tile = stackalloc float[MicroKernel<TOps, TVector>.Rows * MaxPanelWidth];
        var panels = PanelPacker.PanelCount(job.N, panelWidth);
        for (var p = 0; p < panels; p++)
        {
            var firstColumn = p * panelWidth;
            var columns = Math.Min(panelWidth, job.N - firstColumn);
            var stride = PanelPacker.PanelStride(p, job.N, panelWidth, w);
            var panel = job.Packed + ((long)p * job.K * panelWidth);
            for (var depthStart = 0; depthStart < job.K; depthStart += DepthBlock)
            {
                var depth = Math.Min(DepthBlock, job.K - depthStart);
                var accumulate = job.Accumulate || depthStart > 0;
                var lastBlock = depthStart + depth == job.K;
                var panelBlock = panel + ((nint)depthStart * stride);
                for (var i = rowStart; i < rowEnd; i += Rows)
                {
                    var rows = Math.Min(Rows, rowEnd - i);
                    // Missing rows of a short block re-read row i: valid memory, and their results are discarded.
                    var a0 = a.At(i, depthStart);
                    var a1 = rows > 1 ? a.At(i + 1, depthStart) : a0;
                    var a2 = rows > 2 ? a.At(i + 2, depthStart) : a0;
                    var a3 = rows > 3 ? a.At(i + 3, depthStart) : a0;
                    var cBlock = job.C + (i * job.Ldc) + firstColumn;
                    var epilogue = lastBlock ? job.Epilogue.At(i, firstColumn) : Epilogue.None;
                    if (rows == Rows && columns == stride)
                    {
                        Block(depth, a0, a1, a2, a3, a.ColStride, panelBlock, stride, panelWidth, cBlock, job.Ldc, accumulate, epilogue);
                    }
                    else
                    {
                        // Partial block: compute into a tile with whole vectors, then copy out only what exists.
                        if (accumulate)
                        {
                            CopyBlock(cBlock, job.Ldc, tile, MaxPanelWidth, rows, columns, Epilogue.None);
                        }

                        Block(depth, a0, a1, a2, a3, a.ColStride, panelBlock, stride, panelWidth, tile, MaxPanelWidth, accumulate, Epilogue.None);
                        CopyBlock(tile, MaxPanelWidth, cBlock, job.Ldc, rows, columns, epilogue);
                    }
                }
            }
        }
    }

    private static void Block(
        int depth,
        float* a0,
        float* a1,
        float* a2,
        float* a3,
        nint aStep,
        float* panel,
        int stride,
        int panelWidth,
        float* c,
        nint ldc,
        bool accumulate,
        in Epilogue epilogue)
    {
        if (stride == panelWidth)
        {
            MicroKernel<TOps, TVector>.Full(depth, a0, a1, a2, a3, aStep, panel, c, ldc, accumulate, epilogue);
            return;
        }

        for (var v = 0; v < stride; v += TOps.Width)
        {
            MicroKernel<TOps, TVector>.SingleVector(depth, a0, a1, a2, a3, aStep, panel + v, stride, c + v, ldc, accumulate, epilogue.At(0, v));
        }
    }

    private static void CopyBlock(
        float* source, nint sourceStride, float* destination, nint destinationStride, int rows, int columns, in Epilogue epilogue)
    {
        for (var r = 0; r < rows; r++)
        {
            var from = source + (r * sourceStride);
            var to = destination + (r * destinationStride);
            if (epilogue.IsNone)
            {
                Buffer.MemoryCopy(from, to, columns * sizeof(float), columns * sizeof(float));
                continue;
            }

            for (var j = 0; j < columns; j++)
            {
                to[j] = epilogue.Apply(from[j], r, j);
            }
        }
    }

    private static void EmptyProduct(int m, int n, float* c, nint ldc, bool accumulate, in Epilogue epilogue)
    {
        for (var i = 0; i < m; i++)
        {
            var row = c + (i * ldc);
            for (var j = 0; j < n; j++)
            {
                row[j] = epilogue.Apply(accumulate ? row[j] : 0f, i, j);
            }
        }
    }
}
