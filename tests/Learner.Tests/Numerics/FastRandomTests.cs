using Flock.Learner.Numerics;

namespace Flock.Learner.Tests.Numerics;

public sealed class FastRandomTests
{
    [Fact]
    public void Xoshiro_matches_the_reference_outputs_from_state_1_2_3_4()
    {
        // Published with rand_xoshiro, produced by Blackman and Vigna's reference C implementation.
        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
            607988272756665600, 16172922978634559625, 8476171486693032832,
            10595114339597558777, 2904607092377533576,
        ];
        var random = new FastRandom(1, 2, 3, 4);
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()));
    }

    [Fact]
    public void SplitMix64_matches_the_reference_outputs_for_seed_1234567()
    {
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        var state = 1234567UL;
        Assert.Equal(expected, expected.Select(_ => FastRandom.SplitMix64(ref state)));
    }

    [Fact]
    public void Equal_seeds_give_equal_streams_and_nearby_seeds_unrelated_ones()
    {
        var a = new FastRandom(42);
        var b = new FastRandom(42);
        var c = new FastRandom(43);
        var fromA = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(fromA, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.Empty(fromA.Intersect(Enumerable.Range(0, 100).Select(_ => c.NextUInt64())));
    }

    [Fact]
    public void NextDouble_stays_in_the_unit_interval_with_the_mean_and_variance_of_a_uniform()
    {
        var random = new FastRandom(3);
        const int Draws = 1_000_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Draws; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            sum += u;
            sumSquares += u * u;
        }

        // Standard error of the mean is sqrt(1/12 / 1e6) ≈ 2.9e-4; 6 of them leaves no room for a flaky failure.
        var mean = sum / Draws;
        Assert.InRange(mean, 0.5 - 1.8e-3, 0.5 + 1.8e-3);
        Assert.InRange((sumSquares / Draws) - (mean * mean), (1.0 / 12) - 2e-3, (1.0 / 12) + 2e-3);
    }

    [Fact]
    public void An_all_zero_state_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FastRandom(0, 0, 0, 0));
    }
}
