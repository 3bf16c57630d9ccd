using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Flock.Learner.Checkpoints;

/// <summary>CRC-32C (Castagnoli) of a byte span, on the CPU's crc32 instruction where there is one.</summary>
internal static class Crc32C
{
    /// <summary>The running value before the first byte (see <see cref="Append"/>).</summary>
    public const uint Initial = uint.MaxValue;

    public static uint Compute(ReadOnlySpan<byte> bytes) => Finish(Append(Initial, bytes));

    /// <summary>Continues a running CRC over more bytes, so a large file is checked piece by piece as it is read.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in bytes[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    public static uint Finish(uint crc) => ~crc;
}
