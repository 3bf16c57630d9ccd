using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using MessagePack;

namespace Flock.Shared.Wire;

/// <summary>
/// Reads message fields through the library's <see cref="MessagePackReader"/>, naming each field as it goes: the
/// library's own exceptions (truncation, a wrong type code, an integer out of range) become a
/// <see cref="WireFormatException"/> for that field, so a decoder throws nothing else. Integers and floats are
/// accepted in any MessagePack width that holds them, as any MessagePack writer may pick the compact one; arrays
/// of numbers must be one <c>bin</c>, strings one <c>str</c>, and nil is never a value.
/// </summary>
internal ref struct WireReader
{
    // The same bytes the MessagePack reader walks, to look at a type code without going through its sequence reader.
    private readonly ReadOnlySpan<byte> _bytes;
    private MessagePackReader _reader;

    /// <summary>Reads <paramref name="message"/>, which must be one contiguous block (the codec pins a span for it).</summary>
    public WireReader(ReadOnlyMemory<byte> message)
    {
        _bytes = message.Span;
        _reader = new MessagePackReader(message);
    }

    public long Remaining => _bytes.Length - _reader.Consumed;

    /// <summary>Reads an array header: the number of fields that follow.</summary>
    public int ReadArrayHeader(string field)
    {
        RequireType(field, MessagePackType.Array, "an array");
        try
        {
            return _reader.ReadArrayHeader();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Malformed(field, exception);
        }
    }

    public uint ReadUInt32(string field)
    {
        var at = _reader.Consumed;
        try
        {
            return _reader.ReadUInt32();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Failure(field, at, exception, "an integer", static code => code is MessagePackType.Integer);
        }
    }

    public int ReadInt32(string field)
    {
        var at = _reader.Consumed;
        try
        {
            return _reader.ReadInt32();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Failure(field, at, exception, "an integer", static code => code is MessagePackType.Integer);
        }
    }

    public long ReadInt64(string field)
    {
        var at = _reader.Consumed;
        try
        {
            return _reader.ReadInt64();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Failure(field, at, exception, "an integer", static code => code is MessagePackType.Integer);
        }
    }

    public double ReadDouble(string field)
    {
        var at = _reader.Consumed;
        try
        {
            return _reader.ReadDouble();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Failure(field, at, exception, "a number", static code => code is MessagePackType.Float or MessagePackType.Integer);
        }
    }

    /// <summary>Reads a length or count: an integer in [0, <paramref name="limit"/>].</summary>
    public int ReadLength(string field, int limit, string limitName)
    {
        var length = ReadInt64(field);
        if (length < 0)
        {
            throw WireErrors.NegativeLength(field, length);
        }

        if (length > limit)
        {
            throw WireErrors.OverLimit(field, length, limitName, limit);
        }

        return (int)length;
    }

    /// <summary>
    /// Reads one <c>bin</c> and returns its bytes, a view of the message (nothing is copied or allocated). The
    /// library checks the announced length against the bytes that remain before slicing.
    /// </summary>
    public ReadOnlySpan<byte> ReadBin(string field)
    {
        RequireType(field, MessagePackType.Binary, "a bin");
        ReadOnlySequence<byte>? bytes;
        try
        {
            bytes = _reader.ReadBytes();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Malformed(field, exception);
        }

        // The reader runs over one block of memory, so every slice of it is a single segment.
        return bytes!.Value.FirstSpan;
    }

    /// <summary>
    /// Reads a <c>bin</c> of <paramref name="destination"/>.Length floats (the element count the message already
    /// fixed), requiring every value in [<paramref name="min"/>, <paramref name="max"/>] (NaN never is).
    /// </summary>
    public void ReadArrayWithin(string field, Span<float> destination, string expectation, float min, float max, string allowed)
    {
        var bytes = ReadBinOf(field, destination.Length, sizeof(float), expectation);
        var bad = CheckedCopy.CopyWithin(bytes, destination, min, max);
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
        var bytes = ReadBinOf(field, destination.Length, sizeof(int), expectation);
        CopyNonNegative(field, bytes, destination);
    }

    /// <summary>Reads a fixed-length array of longs, which carry no value rule.</summary>
    public void ReadArray(string field, Span<long> destination, string expectation) =>
        LittleEndianBulk.Read(ReadBinOf(field, destination.Length, sizeof(long), expectation), destination);

    /// <summary>Reads a fixed-length array of bytes, which carry no value rule here (the space they fill checks them).</summary>
    public void ReadArray(string field, Span<byte> destination, string expectation) =>
        ReadBinOf(field, destination.Length, sizeof(byte), expectation).CopyTo(destination);

    /// <summary>Reads bools, one byte each, refusing any byte but 0 and 1 (the runtime assumes a bool is one of them).</summary>
    public void ReadArray(string field, Span<bool> destination, string expectation)
    {
        var bytes = ReadBinOf(field, destination.Length, sizeof(bool), expectation);
        var bad = CheckedCopy.CopyBooleans(bytes, destination);
        if (bad >= 0)
        {
            throw WireErrors.BadElement(field, bad, bytes[bad].ToString(CultureInfo.InvariantCulture), "0 or 1 (a bool)");
        }
    }

    /// <summary>
    /// Reads a <c>bin</c> of ints whose count the bin itself gives: at most <paramref name="limit"/>, each ≥ 0.
    /// The array is allocated only after the bin's bytes are known to be there.
    /// </summary>
    public int[] ReadNonNegativeInts(string field, int limit, string limitName)
    {
        var bytes = ReadBin(field);
        if (bytes.Length % sizeof(int) != 0)
        {
            throw WireErrors.Invalid(field, Text(bytes.Length) + " bytes", "must be a whole number of int32 values (4 bytes each)");
        }

        var count = bytes.Length / sizeof(int);
        if (count > limit)
        {
            throw WireErrors.OverLimit(field, count, limitName, limit);
        }

        var values = count == 0 ? [] : new int[count];
        CopyNonNegative(field, bytes, values);
        return values;
    }

    /// <summary>Reads a UTF-8 <c>str</c> of at most <paramref name="limit"/> bytes; the string is allocated only once it passed.</summary>
    public string ReadString(string field, int limit, string limitName)
    {
        RequireType(field, MessagePackType.String, "a str");
        ReadOnlySequence<byte>? sequence;
        try
        {
            sequence = _reader.ReadStringSequence();
        }
        catch (Exception exception) when (IsLibraryError(exception))
        {
            throw Malformed(field, exception);
        }

        var bytes = sequence!.Value.FirstSpan;
        if (bytes.Length > limit)
        {
            throw WireErrors.OverLimit(field, bytes.Length, limitName, limit);
        }

        if (!Utf8.IsValid(bytes))
        {
            throw WireErrors.InvalidUtf8(field, bytes.Length);
        }

        return Encoding.UTF8.GetString(bytes);
    }

    // Members that touch _reader are not readonly: MessagePackReader is a large mutable struct, and a readonly
    // member would copy it on every call.

    /// <summary>Whether every byte has been read.</summary>
    public bool End => _reader.End;

    /// <summary>The type code of the next value, for messages about what was found instead.</summary>
    private string NextCodeText => End ? "end of message" : "0x" + _bytes[(int)_reader.Consumed].ToString("X2", CultureInfo.InvariantCulture);

    /// <summary>Library failures that mean the input is not what was expected; anything else is a bug and is let through.</summary>
    private static bool IsLibraryError(Exception exception) =>
        exception is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentOutOfRangeException;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void CopyNonNegative(string field, ReadOnlySpan<byte> bytes, Span<int> destination)
    {
        var bad = CheckedCopy.CopyNonNegative(bytes, destination);
        if (bad >= 0)
        {
            throw WireErrors.BadElement(field, bad, destination[bad].ToString(CultureInfo.InvariantCulture), "≥ 0");
        }
    }

    private WireFormatException Malformed(string field, Exception exception) => exception switch
    {
        EndOfStreamException => WireErrors.Truncated(field, Remaining),
        _ => WireErrors.Malformed(field, NextCodeText, exception),
    };

    /// <summary>
    /// Names what went wrong with the scalar that started at <paramref name="at"/>: the library has already moved
    /// past its code, so the code is read from the bytes. Scalars are not peeked at before reading, as the
    /// library checks their type anyway and a peek per field is a measurable share of a small message's decode.
    /// </summary>
    private WireFormatException Failure(string field, long at, Exception exception, string expected, Func<MessagePackType, bool> accepts)
    {
        if (at >= _bytes.Length)
        {
            return WireErrors.Truncated(field, 0);
        }

        var code = _bytes[(int)at];
        var codeText = "0x" + code.ToString("X2", CultureInfo.InvariantCulture);
        if (!accepts(MessagePackCode.ToMessagePackType(code)))
        {
            return WireErrors.WrongType(field, codeText, expected);
        }

        return exception is EndOfStreamException
            ? WireErrors.Truncated(field, _bytes.Length - at)
            : WireErrors.Malformed(field, codeText, exception);
    }

    private WireFormatException WrongType(string field, string expected) =>
        End ? WireErrors.Truncated(field, Remaining) : WireErrors.WrongType(field, NextCodeText, expected);

    /// <summary>A bin whose byte length must be exactly <paramref name="count"/> elements of <paramref name="elementSize"/> bytes.</summary>
    private ReadOnlySpan<byte> ReadBinOf(string field, int count, int elementSize, string expectation)
    {
        var bytes = ReadBin(field);
        var expected = (long)count * elementSize;
        if (bytes.Length != expected)
        {
            throw WireErrors.LengthMismatch(field, bytes.Length, elementSize, expectation, count);
        }

        return bytes;
    }

    private void RequireType(string field, MessagePackType type, string expected)
    {
        var at = _reader.Consumed;
        if (at >= _bytes.Length || MessagePackCode.ToMessagePackType(_bytes[(int)at]) != type)
        {
            throw WrongType(field, expected);
        }
    }
}
