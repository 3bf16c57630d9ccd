using FsCheck;
using FsCheck.Fluent;

namespace Flock.Environments.Tests.Random;

public sealed class FlockRandomTests
{
    [Fact]
    public void SplitMix64_matches_the_published_reference_outputs()
    {
        // First outputs of Vigna's splitmix64.c seeded with 1234567.
        var state = 1234567UL;
        Assert.Equal(6457827717110365317UL, SplitMix64.Next(ref state));
        Assert.Equal(3203168211198807973UL, SplitMix64.Next(ref state));
        Assert.Equal(9817491932198370423UL, SplitMix64.Next(ref state));
    }

    [Fact]
    public void The_sequence_for_a_seed_is_pinned()
    {
        // xoshiro256** seeded through SplitMix64, computed by an independent implementation. If this changes,
        // every seeded trajectory in Flock changes with it.
        var random = new FlockRandom(0);
        Assert.Equal(0x99ec5f36cb75f2b4UL, random.NextUInt64());
        Assert.Equal(0xbf6e1f784956452aUL, random.NextUInt64());
        Assert.Equal(0x1a5f849d4933e6e0UL, random.NextUInt64());

        var other = new FlockRandom(12345);
        Assert.Equal(0xbe6a36374160d49bUL, other.NextUInt64());
        Assert.Equal(0x214aaa0637a688c6UL, other.NextUInt64());
    }

    [Fact]
    public void Per_environment_seeds_are_the_documented_SplitMix64_outputs()
    {
        Assert.Equal(0xe220a8397b1dcdafUL, Seeding.ForIndex(0, 0));
        Assert.Equal(0x581ce1ff0e4ae394UL, Seeding.ForIndex(42, 3));

        var state = 42UL;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SplitMix64.Next(ref state), Seeding.ForIndex(42, i));
        }
    }

    [Fact]
    public void Reseeding_restarts_the_sequence()
    {
        var random = new FlockRandom(7);
        var first = new[] { random.NextUInt64(), random.NextUInt64() };
        random.Reseed(7);
        Assert.Equal(first, new[] { random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void ForReset_reseeds_with_a_seed_and_continues_without_one()
    {
        FlockRandom? random = null;
        var a = FlockRandom.ForReset(ref random, 5).NextUInt64();
        var b = FlockRandom.ForReset(ref random, null).NextUInt64();
        var again = FlockRandom.ForReset(ref random, 5).NextUInt64();
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void NextInt_stays_in_range_and_hits_every_value() =>
        Prop.ForAll(
            Gen.Choose(1, 50).ToArbitrary(),
            ArbMap.Default.ArbFor<ulong>(),
            (n, seed) =>
            {
                var random = new FlockRandom(seed);
                var seen = new bool[n];
                for (var i = 0; i < 200 * n; i++)
                {
                    var value = random.NextInt(n);
                    if (value < 0 || value >= n)
                    {
                        return false;
                    }

                    seen[value] = true;
                }

                return seen.All(s => s);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void NextDouble_is_in_the_unit_interval_with_the_right_mean()
    {
        var random = new FlockRandom(99);
        var sum = 0.0;
        const int Samples = 100_000;
        for (var i = 0; i < Samples; i++)
        {
            var value = random.NextDouble();
            Assert.InRange(value, 0.0, Math.BitDecrement(1.0));
            sum += value;
        }

        // The standard error of the mean is about 0.0009; 0.01 is a wide margin for a fixed seed.
        Assert.InRange(sum / Samples, 0.49, 0.51);
    }
}
