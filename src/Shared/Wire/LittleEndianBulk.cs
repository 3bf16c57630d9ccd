using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Flock.Shared.Wire;

/// <summary>
/// Copies whole arrays between their in-memory form and little-endian wire bytes. On little-endian hosts (every
/// host Flock runs on today) that is one memcpy; big-endian hosts reverse each element while copying, so the
/// wire stays little-endian everywhere. <see cref="BitConverter.IsLittleEndian"/> is a JIT-time constant, so
/// the branch costs nothing. The swapping paths are internal rather than private so tests can exercise them
/// on a little-endian machine.
/// </summary>
internal static class LittleEndianBulk
{
    public static void Write(ReadOnlySpan<float> source, Span<byte> destination) =>
        Write(MemoryMarshal.Cast<float, int>(source), destination);

    public static void Write(ReadOnlySpan<int> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
        }
        else
        {
            WriteSwapped(source, destination);
        }
    }

    public static void Write(ReadOnlySpan<long> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
        }
        else
        {
            WriteSwapped(source, destination);
        }
    }

    public static void Read(ReadOnlySpan<byte> source, Span<float> destination) =>
        Read(source, MemoryMarshal.Cast<float, int>(destination));

    public static void Read(ReadOnlySpan<byte> source, Span<int> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            ReadSwapped(source, destination);
        }
    }

    public static void Read(ReadOnlySpan<byte> source, Span<long> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            ReadSwapped(source, destination);
        }
    }

    // Casting a byte span to int/long relies on misaligned access being legal, which holds on every
    // big-endian platform .NET supports (s390x, ppc64).
    internal static void WriteSwapped(ReadOnlySpan<int> source, Span<byte> destination) =>
        BinaryPrimitives.ReverseEndianness(source, MemoryMarshal.Cast<byte, int>(destination[..(source.Length * sizeof(int))]));

    internal static void WriteSwapped(ReadOnlySpan<long> source, Span<byte> destination) =>
        BinaryPrimitives.ReverseEndianness(source, MemoryMarshal.Cast<byte, long>(destination[..(source.Length * sizeof(long))]));

    internal static void ReadSwapped(ReadOnlySpan<byte> source, Span<int> destination) =>
        BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(source[..(destination.Length * sizeof(int))]), destination);

    internal static void ReadSwapped(ReadOnlySpan<byte> source, Span<long> destination) =>
        BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(source[..(destination.Length * sizeof(long))]), destination);
}
