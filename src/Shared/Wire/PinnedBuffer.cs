using System.Buffers;

namespace Flock.Shared.Wire;

/// <summary>
/// Lends a pinned span to MessagePack's reader and writer, which take only <see cref="ReadOnlyMemory{T}"/> and
/// <see cref="IBufferWriter{T}"/>: the codec's API is span-based (stack, pooled and pinned network buffers), and
/// copying a 256 MiB snapshot into an array first would double the cost of every decode. One instance per thread
/// is reused, so a steady encode or decode loop allocates nothing here.
/// </summary>
internal sealed unsafe class PinnedBuffer : MemoryManager<byte>, IBufferWriter<byte>
{
    [ThreadStatic]
    private static PinnedBuffer? _cached;

    private byte* _start;
    private int _length;
    private int _written;

    private PinnedBuffer()
    {
    }

    /// <summary>Bytes advanced past by the writer so far.</summary>
    public int Written => _written;

    /// <summary>
    /// A buffer over <paramref name="length"/> bytes at <paramref name="start"/>, which the caller keeps pinned
    /// (a <c>fixed</c> block) until it calls <see cref="Return"/>.
    /// </summary>
    public static PinnedBuffer Rent(byte* start, int length)
    {
        // A nested rent on the same thread (never done today) gets its own instance rather than clobbering one in use.
        var buffer = _cached ?? new PinnedBuffer();
        _cached = null;
        buffer._start = start;
        buffer._length = length;
        buffer._written = 0;
        return buffer;
    }

    /// <summary>Forgets the pointer, so nothing can reach the span after its <c>fixed</c> block ends, and keeps the instance for reuse.</summary>
    public void Return()
    {
        _start = null;
        _length = 0;
        _written = 0;
        _cached = this;
    }

    public override Span<byte> GetSpan() => new(_start, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_start + elementIndex);

    public override void Unpin()
    {
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // The codec sized the span to the exact message beforehand, so asking for more is a codec bug, not bad input.
        if (sizeHint > _length - _written)
        {
            throw new InvalidOperationException($"The encoder asked for {sizeHint} bytes but only {_length - _written} of the exactly sized destination remain.");
        }

        return CreateMemory(_written, _length - _written);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => GetMemory(sizeHint).Span;

    protected override void Dispose(bool disposing)
    {
    }
}
