using System.Runtime.InteropServices;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// The fused copy-and-check must copy every element exactly and report the same first bad index as a plain loop,
/// for every length (vector body, overlapping last vector, scalar-only short arrays) and source alignment.
/// </summary>
public class CheckedCopyTests
{
    private static readonly float[] BadFloats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0.5f, 1.5f];

    private static readonly Gen<(int Length, int Offset, int[] BadAt)> Layout =
        from length in Gen.Choose(0, 70)
        from offset in Gen.Choose(0, 3)
        from badAt in Gen.ArrayOf(Gen.Choose(-1, 69), 2)
        select (length, offset, badAt.Where(i => i >= 0 && i < length).ToArray());

    [Fact]
    public void Floats_are_copied_exactly_and_the_first_value_outside_the_range_is_found() =>
        Prop.ForAll(Layout.ToArbitrary(), Gen.Choose(0, BadFloats.Length - 1).ToArbitrary(), (layout, badKind) =>
        {
            var values = Enumerable.Range(0, layout.Length).Select(i => (i % 7) / 6f).ToArray();
            foreach (var i in layout.BadAt)
            {
                values[i] = BadFloats[badKind];
            }

            var source = Unaligned(MemoryMarshal.AsBytes(values.AsSpan()), layout.Offset);
            var destination = new float[layout.Length];

            var found = CheckedCopy.CopyWithin(source, destination, 0f, 1f);

            Assert.Equal(Array.FindIndex(values, v => !(v >= 0f && v <= 1f)), found);
            Assert.True(MemoryMarshal.AsBytes(destination.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(values.AsSpan())));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Ints_are_copied_exactly_and_the_first_negative_is_found() =>
        Prop.ForAll(Layout.ToArbitrary(), layout =>
        {
            var values = Enumerable.Range(0, layout.Length).ToArray();
            foreach (var i in layout.BadAt)
            {
                values[i] = -1 - i;
            }

            var source = Unaligned(MemoryMarshal.AsBytes(values.AsSpan()), layout.Offset);
            var destination = new int[layout.Length];

            Assert.Equal(Array.FindIndex(values, v => v < 0), CheckedCopy.CopyNonNegative(source, destination));
            Assert.Equal(values, destination);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Bools_are_copied_and_the_first_byte_other_than_0_or_1_is_found() =>
        Prop.ForAll(Layout.ToArbitrary(), layout =>
        {
            var bytes = Enumerable.Range(0, layout.Length).Select(i => (byte)(i % 3 == 0 ? 1 : 0)).ToArray();
            foreach (var i in layout.BadAt)
            {
                bytes[i] = 0x80;
            }

            var destination = new bool[layout.Length];

            Assert.Equal(Array.FindIndex(bytes, b => b > 1), CheckedCopy.CopyBooleans(bytes, destination));
            Assert.True(MemoryMarshal.AsBytes(destination.AsSpan()).SequenceEqual(bytes));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_source_shorter_than_the_destination_needs_is_refused_rather_than_overread() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckedCopy.CopyWithin(new byte[7], new float[2], 0f, 1f));

    /// <summary>The same bytes starting <paramref name="offset"/> bytes into a larger array, so loads are misaligned.</summary>
    private static ReadOnlySpan<byte> Unaligned(ReadOnlySpan<byte> bytes, int offset)
    {
        var buffer = new byte[bytes.Length + offset];
        bytes.CopyTo(buffer.AsSpan(offset));
        return buffer.AsSpan(offset);
    }
}
