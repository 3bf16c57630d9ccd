namespace Flock.Learner.Numerics;

/// <summary>
/// A read-only matrix operand given by a base pointer and two strides, so the same product routine reads a
/// row-major matrix or the transpose of one without copying it: element (row, col) is at
/// <c>Data[row·RowStride + col·ColStride]</c>.
/// </summary>
internal readonly unsafe struct MatrixOperand
{
    public MatrixOperand(float* data, nint rowStride, nint colStride)
    {
        Data = data;
        RowStride = rowStride;
        ColStride = colStride;
    }

    public float* Data { get; }

    public nint RowStride { get; }

    public nint ColStride { get; }

    /// <summary>A row-major matrix with <paramref name="columns"/> floats per row.</summary>
    public static MatrixOperand RowMajor(float* data, int columns) => new(data, columns, 1);

    /// <summary>The transpose of a row-major matrix stored with <paramref name="storedColumns"/> floats per row.</summary>
    public static MatrixOperand TransposeOf(float* data, int storedColumns) => new(data, 1, storedColumns);

    public float* At(nint row, nint col) => Data + (row * RowStride) + (col * ColStride);
}
