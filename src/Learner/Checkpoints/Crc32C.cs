using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Flock.Learner.Checkpoints;

/// <summary>CRC-32C (Castagnoli) of a byte span, on the CPU's crc32 instruction where there is one.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        var crc = uint.MaxValue;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in bytes[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
