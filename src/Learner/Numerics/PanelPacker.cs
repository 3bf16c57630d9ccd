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

    // Column by column: each source column of a transposed operand is a contiguous row of the stored matrix,
    // so reads stream and the strided writes stay within the panel's few kilobytes.
    private static void PackStridedRows(int depth, int panelColumns, int stride, MatrixOperand source, int firstColumn, float* destination)
    {
        for (var j = 0; j < panelColumns; j++)
        {
            var column = source.At(0, firstColumn + j);
            var rowStride = source.RowStride;
            var target = destination + j;
            for (var k = 0; k < depth; k++)
            {
                target[(nint)k * stride] = column[k * rowStride];
            }
        }

        for (var k = 0; k < depth && panelColumns < stride; k++)
        {
            new Span<float>(destination + ((nint)k * stride) + panelColumns, stride - panelColumns).Clear();
        }
    }
}
