using System.Collections.Immutable;
using System.Globalization;
using Flock.Shared.Messages;

namespace Flock.Environments;

/// <summary>
/// A box in R^n with per-element bounds, like Gymnasium's float32 <c>Box</c>. Observations are stored flat
/// (row-major over <see cref="Shape"/>), <see cref="Size"/> floats each. It also describes continuous action
/// spaces, though <see cref="IEnvironment"/> (DQN) uses <see cref="Discrete"/> actions.
/// </summary>
public sealed class Box
{
    /// <param name="shape">Dimensions, each at least 1.</param>
    /// <param name="low">Lower bound per element (<see cref="float.NegativeInfinity"/> for none).</param>
    /// <param name="high">Upper bound per element (<see cref="float.PositiveInfinity"/> for none).</param>
    public Box(ReadOnlySpan<int> shape, ReadOnlySpan<float> low, ReadOnlySpan<float> high)
    {
        if (shape.IsEmpty)
        {
            throw new ArgumentException("A box needs at least one dimension.", nameof(shape));
        }

        var size = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1, nameof(shape));
            size = checked(size * dimension);
        }

        if (low.Length != size || high.Length != size)
        {
            throw new ArgumentException(
                $"Bounds must have {size} elements for shape {FormatShape(shape)}; got low {low.Length}, high {high.Length}.");
        }

        for (var i = 0; i < size; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
            {
                throw new ArgumentException($"Bound {i} is invalid: low {low[i]}, high {high[i]}.");
            }
        }

        Shape = [.. shape];
        Low = [.. low];
        High = [.. high];
        Size = size;
    }

    /// <summary>A one-dimensional box of <paramref name="size"/> elements with the same bounds for each.</summary>
    public static Box Vector(int size, float low, float high)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var lows = new float[size];
        var highs = new float[size];
        Array.Fill(lows, low);
        Array.Fill(highs, high);
        return new Box([size], lows, highs);
    }

    /// <summary>
    /// A box whose every element is 0 or 1 (a board of on/off cells, such as MinAtar's): bounds [0, 1] and
    /// <see cref="IsBinary"/> set, so the replay may keep its observations as bytes.
    /// </summary>
    public static Box Binary(ReadOnlySpan<int> shape)
    {
        var size = 1;
        foreach (var dimension in shape)
        {
            size = checked(size * Math.Max(dimension, 1));
        }

        var ones = new float[size];
        Array.Fill(ones, 1f);
        return new Box(shape, new float[size], ones) { IsBinary = true };
    }

    public ImmutableArray<int> Shape { get; }

    /// <summary>Every element is exactly 0 or 1, not merely within [0, 1] (see <see cref="Binary"/>).</summary>
    public bool IsBinary { get; private init; }

    /// <summary>How this space's observations travel and are stored: bytes for a binary box, floats otherwise.</summary>
    public ObservationEncoding Encoding => IsBinary ? ObservationEncoding.UInt8 : ObservationEncoding.Float32;

    public ImmutableArray<float> Low { get; }

    public ImmutableArray<float> High { get; }

    /// <summary>Number of floats in one element of the space (the product of <see cref="Shape"/>).</summary>
    public int Size { get; }

    /// <summary>True when <paramref name="value"/> has <see cref="Size"/> elements, all within the bounds.</summary>
    public bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Size)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            // Written so that NaN is outside.
            if (!(value[i] >= Low[i] && value[i] <= High[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => IsBinary
        ? $"Box(shape={FormatShape(Shape.AsSpan())}, binary 0/1)"
        : $"Box(shape={FormatShape(Shape.AsSpan())}, low=[{FormatBounds(Low)}], high=[{FormatBounds(High)}])";

    private static string FormatShape(ReadOnlySpan<int> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape.ToArray())})";

    private static string FormatBounds(ImmutableArray<float> bounds) =>
        string.Join(", ", bounds.Select(b => b.ToString("G6", CultureInfo.InvariantCulture)));
}
