using FsCheck;
using FsCheck.Fluent;

namespace Flock.Environments.Tests.MinAtar;

public sealed class NumpyRandomStateTests
{
    [Fact]
    public void Integer_seeding_gives_the_published_mt19937_outputs()
    {
        // init_genrand(5489): the first output of every MT19937 (C++ std::mt19937 default) is 3499211612.
        Assert.Equal(3499211612U, new NumpyRandomState(5489).NextUInt32());
    }

    [Fact]
    public void Array_seeding_gives_the_outputs_of_the_reference_implementation()
    {
        // mt19937ar.out (Matsumoto and Nishimura): init_by_array({0x123, 0x234, 0x345, 0x456}).
        var random = new NumpyRandomState(0);
        random.SeedByArray([0x123, 0x234, 0x345, 0x456]);
        uint[] expected = [1067595299, 955945823, 477289528, 4107218783, 4228976476];
        Assert.Equal(expected, expected.Select(_ => random.NextUInt32()).ToArray());
    }

    [Fact]
    public void Seed_zero_gives_numpys_rand_and_randint()
    {
        // numpy.random.RandomState(0).rand(4) and RandomState(0).randint(0, 10, 5).
        var random = new NumpyRandomState(0);
        double[] samples = new double[4];
        random.RandomSample(samples);
        Assert.Equal([0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969], samples);

        var integers = new long[5];
        new NumpyRandomState(0).RandInt(0, 10, integers);
        Assert.Equal([5L, 0, 3, 3, 7], integers);
    }

    [Fact]
    public void Seeds_past_32_bits_seed_by_their_two_words_and_smaller_ones_as_integers()
    {
        var wide = NumpyRandomState.FromSeed((1UL << 32) + 5);
        var byArray = new NumpyRandomState(0);
        byArray.SeedByArray([5, 1]);
        Assert.Equal(byArray.NextUInt32(), wide.NextUInt32());

        Assert.Equal(new NumpyRandomState(7).NextUInt32(), NumpyRandomState.FromSeed(7).NextUInt32());
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_values_named()
    {
        var random = new NumpyRandomState(1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => random.RandInt(3, 3));
        Assert.Contains("low 3, high 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => random.SeedByArray([]));
    }

    [Fact]
    public void RandInt_is_masked_rejection_on_the_32_bit_stream_and_stays_in_range() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<uint>(),
            Gen.Choose(-1000, 1000).ToArbitrary(),
            Gen.Choose(1, int.MaxValue).ToArbitrary(),
            (seed, low, width) =>
            {
                var random = new NumpyRandomState(seed);
                var twin = new NumpyRandomState(seed);
                var range = (ulong)width - 1;
                var mask = NumpyRandomState.Mask(range);
                for (var i = 0; i < 20; i++)
                {
                    var value = random.RandInt(low, low + (long)width);

                    // The model: nothing drawn for a single value, else the first masked draw within the range.
                    ulong expected = 0;
                    if (range != 0)
                    {
                        while ((expected = twin.NextUInt32() & mask) > range)
                        {
                        }
                    }

                    if (value != low + (long)expected || value < low || value >= low + width)
                    {
                        return false;
                    }
                }

                // Both consumed the same draws.
                return random.NextUInt32() == twin.NextUInt32();
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void RandInt_past_32_bits_stays_in_range() =>
        Prop.ForAll(ArbMap.Default.ArbFor<uint>(), Gen.Choose(1, 1 << 30).ToArbitrary(), (seed, scale) =>
        {
            var random = new NumpyRandomState(seed);
            var high = (long)scale * 1_000_000_007L;
            return Enumerable.Range(0, 20).Select(_ => random.RandInt(-5, high)).All(v => v >= -5 && v < high);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void RandomSample_is_53_bits_from_two_draws_in_the_unit_interval() =>
        Prop.ForAll(ArbMap.Default.ArbFor<uint>(), seed =>
        {
            var random = new NumpyRandomState(seed);
            var twin = new NumpyRandomState(seed);
            for (var i = 0; i < 50; i++)
            {
                var value = random.RandomSample();
                var a = twin.NextUInt32() >> 5;
                var b = twin.NextUInt32() >> 6;
                if (value != ((a * 67108864.0) + b) / 9007199254740992.0 || value is < 0 or >= 1)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Reseeding_restarts_the_sequence() =>
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), ArbMap.Default.ArbFor<ulong>(), (seed, other) =>
        {
            var random = NumpyRandomState.FromSeed(seed);
            var first = Enumerable.Range(0, 700).Select(_ => random.NextUInt32()).ToArray();
            random.Reseed(other);
            random.NextUInt32();
            random.Reseed(seed);
            return first.SequenceEqual(Enumerable.Range(0, 700).Select(_ => random.NextUInt32()));
        }).QuickCheckThrowOnFailure();
}
