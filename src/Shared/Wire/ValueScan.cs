using System.Numerics;
using System.Runtime.InteropServices;

namespace Flock.Shared.Wire;

/// <summary>
/// Vectorised searches for the first invalid element of a decoded array. Decoding checks every value, so
/// these must run at close to memory speed: whole SIMD registers are tested at once and only a register that
/// holds a bad value is searched element by element to name its index. The integer searches use the BCL's
/// vectorised range search; floats need their own because NaN must count as out of range.
/// </summary>
internal static class ValueScan
{
    /// <summary>
    /// Index of the first value outside [<paramref name="min"/>, <paramref name="max"/>], or -1. NaN is
    /// outside every range because every comparison with it is false.
    /// </summary>
    public static int IndexOfOutside(ReadOnlySpan<float> values, float min, float max)
    {
        var start = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var low = new Vector<float>(min);
            var high = new Vector<float>(max);
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            var i = 0;
            while (i < vectors.Length
                && Vector.GreaterThanOrEqualAll(vectors[i], low)
                && Vector.LessThanOrEqualAll(vectors[i], high))
            {
                i++;
            }

            start = i * Vector<float>.Count;
        }

        for (var i = start; i < values.Length; i++)
        {
            var value = values[i];
            if (!(value >= min && value <= max))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first negative value, or -1.</summary>
    public static int IndexOfNegative(ReadOnlySpan<int> values) => values.IndexOfAnyExceptInRange(0, int.MaxValue);

    /// <summary>Index of the first byte that is neither 0 nor 1, or -1.</summary>
    public static int IndexOfNonBoolean(ReadOnlySpan<byte> values) => values.IndexOfAnyExceptInRange((byte)0, (byte)1);
}
