using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// The byte-swapping copies are what a big-endian host runs. On this (little-endian) machine they must produce
/// big-endian bytes and undo each other; on a big-endian host the same code turns native order into the
/// little-endian wire order.
/// </summary>
public class LittleEndianBulkTests
{
    [Fact]
    public void The_swapping_writer_reverses_each_element_and_the_swapping_reader_restores_it() =>
        Prop.ForAll(
            Gen.ArrayOf(WireGenerators.AnyInt).ToArbitrary(),
            Gen.ArrayOf(WireGenerators.AnyLong).ToArbitrary(),
            (ints, longs) =>
            {
                var intBytes = new byte[ints.Length * sizeof(int)];
                LittleEndianBulk.WriteSwapped(ints, intBytes);
                for (var i = 0; i < ints.Length; i++)
                {
                    var native = BitConverter.GetBytes(ints[i]);
                    Array.Reverse(native);
                    Assert.Equal(native, intBytes[(i * 4)..((i + 1) * 4)]);
                }

                var intsBack = new int[ints.Length];
                LittleEndianBulk.ReadSwapped(intBytes, intsBack);
                Assert.Equal(ints, intsBack);

                var longBytes = new byte[longs.Length * sizeof(long)];
                LittleEndianBulk.WriteSwapped(longs, longBytes);
                for (var i = 0; i < longs.Length; i++)
                {
                    var native = BitConverter.GetBytes(longs[i]);
                    Array.Reverse(native);
                    Assert.Equal(native, longBytes[(i * 8)..((i + 1) * 8)]);
                }

                var longsBack = new long[longs.Length];
                LittleEndianBulk.ReadSwapped(longBytes, longsBack);
                Assert.Equal(longs, longsBack);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_host_path_writes_little_endian_bytes()
    {
        var bytes = new byte[12];
        LittleEndianBulk.Write([0x01020304, -2, BitConverter.SingleToInt32Bits(1f)], bytes);
        Assert.Equal("04030201" + "FEFFFFFF" + "0000803F", Convert.ToHexString(bytes));

        var floats = new float[1];
        LittleEndianBulk.Read(bytes.AsSpan(8, 4), floats);
        Assert.Equal(1f, floats[0]);
    }
}
