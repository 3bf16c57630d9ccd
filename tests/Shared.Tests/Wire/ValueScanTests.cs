using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Shared.Tests.Wire;

/// <summary>The vectorised scans must find exactly the first bad element a plain loop finds, at every length and position.</summary>
public class ValueScanTests
{
    private static readonly float[] Bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1f, 2f];

    [Fact]
    public void Float_range_scan_finds_the_first_value_outside_the_range() =>
        Prop.ForAll(
            Gen.Choose(0, 70).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(-1, 69), 3).ToArbitrary(),
            Gen.Choose(0, Bad.Length - 1).ToArbitrary(),
            (length, positions, badIndex) =>
            {
                var values = Enumerable.Range(0, length).Select(i => (i % 11) / 10f).ToArray();
                foreach (var position in positions.Where(p => p >= 0 && p < length))
                {
                    values[position] = Bad[badIndex];
                }

                var expected = Array.FindIndex(values, value => !(value >= 0f && value <= 1f));
                Assert.Equal(expected, ValueScan.IndexOfOutside(values, 0f, 1f));
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Integer_and_bool_scans_find_the_first_bad_element() =>
        Prop.ForAll(
            Gen.Choose(0, 80).ToArbitrary(),
            Gen.Choose(-1, 79).ToArbitrary(),
            (length, position) =>
            {
                var ints = Enumerable.Range(0, length).ToArray();
                var bytes = Enumerable.Range(0, length).Select(i => (byte)(i & 1)).ToArray();
                if (position >= 0 && position < length)
                {
                    ints[position] = int.MinValue;
                    bytes[position] = 255;
                }

                var expected = position >= 0 && position < length ? position : -1;
                Assert.Equal(expected, ValueScan.IndexOfNegative(ints));
                Assert.Equal(expected, ValueScan.IndexOfNonBoolean(bytes));
            }).QuickCheckThrowOnFailure();
}
