using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Flock.Shared.Wire;

/// <summary>
/// Forward-only reader over one message payload. Every read checks the bytes it needs against what remains
/// and names the field it was reading when they are missing, so a truncated buffer says what was cut.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    public WireReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _payload.Length - _position;

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int), field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long), field));

    public double ReadDouble(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double), field));

    /// <summary>Reads a length or count: an int32 in [0, <paramref name="limit"/>].</summary>
    public int ReadLength(string field, int limit, string limitName)
    {
        var length = ReadInt32(field);
        if (length < 0)
        {
            throw WireErrors.NegativeLength(field, length);
        }

        if (length > limit)
        {
            throw WireErrors.OverLimit(field, length, limitName, limit);
        }

        return length;
    }

    /// <summary>Reads the element count that precedes an array whose length the message already fixed.</summary>
    public void ReadArrayLength(string field, int expected, string expectation)
    {
        var length = ReadInt32(field);
        if (length != expected)
        {
            throw WireErrors.LengthMismatch(field, length, expectation, expected);
        }
    }

    /// <summary>The next <paramref name="count"/> bytes, unread until now; throws if fewer remain.</summary>
    public ReadOnlySpan<byte> Take(long count, string field)
    {
        EnsureRemaining(count, field);
        var taken = _payload.Slice(_position, (int)count);
        _position += (int)count;
        return taken;
    }

    /// <summary>Throws the truncation error now if fewer than <paramref name="count"/> bytes remain, before the caller allocates for them.</summary>
    public readonly void EnsureRemaining(long count, string field)
    {
        if (count > Remaining)
        {
            throw WireErrors.Truncated(field, count, Remaining);
        }
    }

    /// <summary>
    /// Reads an array whose element count the message already fixed to <paramref name="destination"/>'s length,
    /// requiring every value in [<paramref name="min"/>, <paramref name="max"/>] (NaN never is).
    /// </summary>
    public void ReadArrayWithin(string field, Span<float> destination, string expectation, float min, float max, string allowed)
    {
        ReadArrayLength(field, destination.Length, expectation);
        ReadValuesWithin(field, destination, min, max, allowed);
    }

    /// <summary>Reads <paramref name="destination"/>.Length floats whose count was read already, each in [min, max].</summary>
    public void ReadValuesWithin(string field, Span<float> destination, float min, float max, string allowed)
    {
        var bad = CheckedCopy.CopyWithin(Take((long)destination.Length * sizeof(float), field), destination, min, max);
        if (bad >= 0)
        {
            throw WireErrors.BadFloat(field, bad, destination[bad], allowed);
        }
    }

    /// <summary>Reads a fixed-length array of finite floats.</summary>
    public void ReadFiniteArray(string field, Span<float> destination, string expectation) =>
        ReadArrayWithin(field, destination, expectation, float.MinValue, float.MaxValue, WireChecks.Finite);

    /// <summary>Reads a fixed-length array of ints that must all be ≥ 0.</summary>
    public void ReadNonNegativeArray(string field, Span<int> destination, string expectation)
    {
        ReadArrayLength(field, destination.Length, expectation);
        var bad = CheckedCopy.CopyNonNegative(Take((long)destination.Length * sizeof(int), field), destination);
        if (bad >= 0)
        {
            throw WireErrors.BadElement(field, bad, destination[bad].ToString(CultureInfo.InvariantCulture), "≥ 0");
        }
    }

    /// <summary>Reads a fixed-length array of longs, which carry no value rule.</summary>
    public void ReadArray(string field, Span<long> destination, string expectation)
    {
        ReadArrayLength(field, destination.Length, expectation);
        LittleEndianBulk.Read(Take((long)destination.Length * sizeof(long), field), destination);
    }

    /// <summary>Reads bools, one byte each, refusing any byte but 0 and 1 (the runtime assumes a bool is one of them).</summary>
    public void ReadArray(string field, Span<bool> destination, string expectation)
    {
        ReadArrayLength(field, destination.Length, expectation);
        var bytes = Take(destination.Length, field);
        var bad = CheckedCopy.CopyBooleans(bytes, destination);
        if (bad >= 0)
        {
            throw WireErrors.BadElement(field, bad, bytes[bad].ToString(CultureInfo.InvariantCulture), "0 or 1 (a bool)");
        }
    }

    /// <summary>Reads a length-prefixed UTF-8 string of at most <paramref name="limit"/> bytes.</summary>
    public string ReadString(string field, int limit, string limitName)
    {
        var length = ReadLength(field, limit, limitName);
        var bytes = Take(length, field);
        if (!Utf8.IsValid(bytes))
        {
            throw WireErrors.InvalidUtf8(field, length);
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
