using System.Runtime.Intrinsics.X86;

namespace Flock.Learner.Numerics;

/// <summary>
/// Copies the right-hand operand of a product into column panels: panel p holds columns
/// [p·PanelWidth, (p+1)·PanelWidth) for every depth row, each row contiguous, so the micro-kernel streams one
/// contiguous block per panel whatever the operand's strides (a row-major weight matrix or the transpose of one).
/// The last panel is only as wide as its columns rounded up to whole vectors, zero-padded.
/// </summary>
internal static unsafe class PanelPacker
{
    /// <summary>Floats the packed form of a depth × columns operand needs.</summary>
    public static long PackedLength(int depth, int columns, int panelWidth) =>
        (long)depth * PanelCount(columns, panelWidth) * panelWidth;

    public static int PanelCount(int columns, int panelWidth) => (columns + panelWidth - 1) / panelWidth;

    /// <summary>Row stride of panel <paramref name="panel"/>: full width except for a narrower last panel.</summary>
    public static int PanelStride(int panel, int columns, int panelWidth, int vectorWidth)
    {
        var panelColumns = Math.Min(panelWidth, columns - (panel * panelWidth));
        return (panelColumns + vectorWidth - 1) / vectorWidth * vectorWidth;
    }

    public static void Pack(int depth, int columns, MatrixOperand source, float* packed, int panelWidth, int vectorWidth)
    {
        var panels = PanelCount(columns, panelWidth);
        for (var p = 0; p < panels; p++)
        {
            var firstColumn = p * panelWidth;
            var panelColumns = Math.Min(panelWidth, columns - firstColumn);
            var stride = PanelStride(p, columns, panelWidth, vectorWidth);
            var destination = packed + ((long)p * depth * panelWidth);
            if (source.ColStride == 1)
            {
                PackContiguousRows(depth, panelColumns, stride, source.At(0, firstColumn), source.RowStride, destination);
            }
            else
            {
                PackStridedRows(depth, panelColumns, stride, source, firstColumn, destination);
            }
        }
    }

    // Sixteen panel rows at a time, so the strided writes stay within a few cache lines.
    private static void CopyScalar(
        MatrixOperand source, int firstColumn, int depthStart, int depthEnd, int columnStart, int columnEnd, float* destination, int stride)
    {
        const int RowBlock = 16;
        for (var kStart = depthStart; kStart < depthEnd; kStart += RowBlock)
        {
            var kEnd = Math.Min(depthEnd, kStart + RowBlock);
            for (var j = columnStart; j < columnEnd; j++)
            {
                var column = source.At(0, firstColumn + j);
                for (var k = kStart; k < kEnd; k++)
                {
                    destination[((nint)k * stride) + j] = column[k * source.RowStride];
                }
            }
        }
    }

    /// <summary>
    /// destination[r·destinationStride + c] = source[c·sourceStride + r] for r, c &lt; 8: the textbook AVX transpose
    /// (unpack, shuffle, 128-bit lane swap), 24 shuffles for 64 floats.
    /// </summary>
    private static void Transpose8x8(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        var r0 = Avx.LoadVector256(source);
        var r1 = Avx.LoadVector256(source + sourceStride);
        var r2 = Avx.LoadVector256(source + (2 * sourceStride));
        var r3 = Avx.LoadVector256(source + (3 * sourceStride));
        var r4 = Avx.LoadVector256(source + (4 * sourceStride));
        var r5 = Avx.LoadVector256(source + (5 * sourceStride));
        var r6 = Avx.LoadVector256(source + (6 * sourceStride));
        var r7 = Avx.LoadVector256(source + (7 * sourceStride));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(destination + (2 * destinationStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(destination + (3 * destinationStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(destination + (4 * destinationStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(destination + (5 * destinationStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(destination + (6 * destinationStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(destination + (7 * destinationStride), Avx.Permute2x128(u3, u7, 0x31));
    }

    private static void PackContiguousRows(int depth, int panelColumns, int stride, float* source, nint sourceRowStride, float* destination)
    {
        var bytes = panelColumns * sizeof(float);
        for (var k = 0; k < depth; k++)
        {
            var row = destination + ((nint)k * stride);
            Buffer.MemoryCopy(source + (k * sourceRowStride), row, bytes, bytes);
            new Span<float>(row + panelColumns, stride - panelColumns).Clear();
        }
    }

    private static void PackStridedRows(int depth, int panelColumns, int stride, MatrixOperand source, int firstColumn, float* destination)
    {
        // A transposed operand (RowStride 1) goes through 8×8 register transposes: eight contiguous source runs in,
        // eight contiguous panel rows out, instead of one cache line touched per scalar.
        int blockedColumns = 0, blockedDepth = 0;
        if (Avx.IsSupported && source.RowStride == 1)
        {
            blockedColumns = panelColumns / 8 * 8;
            blockedDepth = depth / 8 * 8;
            for (var k = 0; k < blockedDepth; k += 8)
            {
                for (var j = 0; j < blockedColumns; j += 8)
                {
                    Transpose8x8(source.At(k, firstColumn + j), source.ColStride, destination + ((nint)k * stride) + j, stride);
                }
            }
        }

        CopyScalar(source, firstColumn, 0, depth, blockedColumns, panelColumns, destination, stride);
        CopyScalar(source, firstColumn, blockedDepth, depth, 0, blockedColumns, destination, stride);

        for (var k = 0; k < depth && panelColumns < stride; k++)
        {
            new Span<float>(destination + ((nint)k * stride) + panelColumns, stride - panelColumns).Clear();
        }
    }
}
