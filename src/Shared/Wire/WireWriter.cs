using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Flock.Shared.Wire;

/// <summary>
/// Forward-only writer into a span the codec has already sized with the message's exact encoded length, so
/// writes need no checks of their own beyond the span's.
/// </summary>
internal ref struct WireWriter
{
    /// <summary>UTF-8 that refuses lone surrogates instead of silently writing U+FFFD, so strings round-trip exactly.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Span<byte> _destination;
    private int _position;

    public WireWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_destination[_position..], value);
        _position += sizeof(int);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_destination[_position..], value);
        _position += sizeof(long);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[_position..], value);
        _position += sizeof(double);
    }

    /// <summary>The next <paramref name="count"/> bytes, for a caller that fills them itself.</summary>
    public Span<byte> Reserve(int count)
    {
        var reserved = _destination.Slice(_position, count);
        _position += count;
        return reserved;
    }

    public void WriteArray(ReadOnlySpan<float> values)
    {
        WriteInt32(values.Length);
        LittleEndianBulk.Write(values, Reserve(values.Length * sizeof(float)));
    }

    public void WriteArray(ReadOnlySpan<int> values)
    {
        WriteInt32(values.Length);
        LittleEndianBulk.Write(values, Reserve(values.Length * sizeof(int)));
    }

    public void WriteArray(ReadOnlySpan<long> values)
    {
        WriteInt32(values.Length);
        LittleEndianBulk.Write(values, Reserve(values.Length * sizeof(long)));
    }

    public void WriteArray(ReadOnlySpan<bool> values)
    {
        WriteInt32(values.Length);
        var bytes = Reserve(values.Length);
        MemoryMarshal.AsBytes(values).CopyTo(bytes);

        // A bool's byte may be any non-zero value when it came through interop or unsafe code; the wire wants 0 or 1.
        if (ValueScan.IndexOfNonBoolean(bytes) >= 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                bytes[i] = values[i] ? (byte)1 : (byte)0;
            }
        }
    }

    /// <summary>Writes a string measured beforehand with <see cref="Utf8Length"/>.</summary>
    public void WriteString(string value, int utf8Length)
    {
        WriteInt32(utf8Length);
        StrictUtf8.GetBytes(value, Reserve(utf8Length));
    }

    /// <summary>UTF-8 byte count of <paramref name="value"/>; throws ArgumentException for lone surrogates.</summary>
    public static int Utf8Length(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return StrictUtf8.GetByteCount(value);
    }
}
