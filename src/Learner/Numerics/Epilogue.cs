namespace Flock.Learner.Numerics;

/// <summary>
/// Elementwise work folded into the store of a product's result, so the result is written once instead of
/// being read back by a separate pass: C ← mask(relu(C + bias)). Applied in this order, each part optional.
/// </summary>
internal readonly unsafe struct Epilogue
{
    /// <summary>Per-column bias (n floats) added to every row; null for none.</summary>
    public float* Bias { get; init; }

    /// <summary>Whether max(·, 0) follows the bias.</summary>
    public bool Relu { get; init; }

    /// <summary>
    /// A matrix shaped like C (row stride <see cref="MaskStride"/>): results are zeroed where it is not positive.
    /// Backpropagation through a ReLU uses the layer's stored output as this mask. Null for none.
    /// </summary>
    public float* Mask { get; init; }

    public nint MaskStride { get; init; }

    public static Epilogue None => default;

    public bool IsNone => Bias == null && !Relu && Mask == null;

    /// <summary>The same epilogue for the block whose top-left element is C[row, column].</summary>
    public Epilogue At(nint row, nint column) => this with
    {
        Bias = Bias == null ? null : Bias + column,
        Mask = Mask == null ? null : Mask + (row * MaskStride) + column,
    };

    /// <summary>Applies the epilogue to one scalar at column offset <paramref name="column"/> of row <paramref name="row"/> of a block.</summary>
    public float Apply(float value, nint row, nint column)
    {
        if (Bias != null)
        {
            value += Bias[column];
        }

        if (Relu)
        {
            value = float.IsNaN(value) ? value : MathF.Max(value, 0f);
        }

        if (Mask != null && !(Mask[(row * MaskStride) + column] > 0f))
        {
            value = 0f;
        }

        return value;
    }
}
