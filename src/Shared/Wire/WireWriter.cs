using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using MessagePack;

namespace Flock.Shared.Wire;

/// <summary>
/// Writes message fields as MessagePack through the library's <see cref="MessagePackWriter"/>. Integers and
/// floats always take their fixed-width forms (int32, int64, float64), arrays of numbers one <c>bin</c> of raw
/// little-endian values, strings <c>str</c>: so every field's size follows from the message alone and
/// <see cref="WireCodec.GetEncodedLength(object)"/> is exact. The static length helpers mirror the library's
/// choice of header width (fix, 8, 16 or 32 bit), which depends only on the length it announces.
/// </summary>
internal ref struct WireWriter
{
    /// <summary>UTF-8 that refuses lone surrogates instead of silently writing U+FFFD, so strings round-trip exactly.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes of an int32 field: code 0xd2 and four big-endian bytes.</summary>
    public const int Int32Length = 5;

    /// <summary>Bytes of an int64 field: code 0xd3 and eight bytes.</summary>
    public const int Int64Length = 9;

    /// <summary>Bytes of a float64 field: code 0xcb and eight bytes.</summary>
    public const int DoubleLength = 9;

    private MessagePackWriter _writer;

    public WireWriter(IBufferWriter<byte> output)
    {
        _writer = new MessagePackWriter(output);
    }

    /// <summary>Bytes of a <c>bin</c> holding <paramref name="byteCount"/> bytes, header included.</summary>
    public static long BinLength(long byteCount) => byteCount + byteCount switch
    {
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>Bytes of a <c>str</c> of <paramref name="utf8Length"/> UTF-8 bytes, header included.</summary>
    public static long StringLength(int utf8Length) => utf8Length + utf8Length switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>Bytes of an array header announcing <paramref name="count"/> elements.</summary>
    public static int ArrayHeaderLength(int count) => count switch
    {
        <= 15 => 1,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>Bytes of a non-negative integer in the compact form the library picks (used for header fields only).</summary>
    public static int CompactLength(uint value) => value switch
    {
        <= 0x7F => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>UTF-8 byte count of <paramref name="value"/>; throws ArgumentException for lone surrogates.</summary>
    public static int Utf8Length(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return StrictUtf8.GetByteCount(value);
    }

    public void WriteArrayHeader(int count) => _writer.WriteArrayHeader(count);

    /// <summary>A header integer in its compact form (magic, version and type are constants of the build).</summary>
    public void WriteCompact(uint value) => _writer.Write(value);

    public void WriteInt32(int value) => _writer.WriteInt32(value);

    public void WriteInt64(long value) => _writer.WriteInt64(value);

    public void WriteDouble(double value) => _writer.Write(value);

    /// <summary>A <c>bin</c> of <paramref name="count"/> bytes that the caller fills itself, in place.</summary>
    public Span<byte> ReserveBin(int count)
    {
        _writer.WriteBinHeader(count);
        var bytes = _writer.GetSpan(count)[..count];
        _writer.Advance(count);
        return bytes;
    }

    public void WriteBin(ReadOnlySpan<byte> bytes) => bytes.CopyTo(ReserveBin(bytes.Length));

    public void WriteArray(ReadOnlySpan<float> values) => LittleEndianBulk.Write(values, ReserveBin(values.Length * sizeof(float)));

    public void WriteArray(ReadOnlySpan<int> values) => LittleEndianBulk.Write(values, ReserveBin(values.Length * sizeof(int)));

    public void WriteArray(ReadOnlySpan<long> values) => LittleEndianBulk.Write(values, ReserveBin(values.Length * sizeof(long)));

    public void WriteArray(ReadOnlySpan<bool> values)
    {
        var bytes = ReserveBin(values.Length);
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
        _writer.WriteStringHeader(utf8Length);
        var bytes = _writer.GetSpan(utf8Length)[..utf8Length];
        StrictUtf8.GetBytes(value, bytes);
        _writer.Advance(utf8Length);
    }

    /// <summary>Hands what is still buffered to the output; the message is complete only after this.</summary>
    public void Flush() => _writer.Flush();
}
