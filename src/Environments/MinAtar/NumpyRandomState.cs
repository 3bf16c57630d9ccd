namespace Flock.Environments;

/// <summary>
/// numpy's legacy <c>numpy.random.RandomState</c>, bit for bit, for the draws MinAtar makes: the Mersenne
/// Twister MT19937 (Matsumoto and Nishimura 1998) with numpy's seeding (<c>init_genrand</c> for an integer seed,
/// <c>init_by_array</c> for an array of 32-bit words), <c>random_sample</c> (53-bit doubles from two 32-bit
/// draws) and the legacy bounded integers of <c>randint</c> (masked rejection on 32-bit draws). MinAtar draws
/// everything from one such generator, so the same seed and actions give the same games only if this one
/// produces the same numbers in the same order.
/// </summary>
/// <remarks>
/// Follows numpy's <c>mt19937.c</c>/<c>randomkit</c>, <c>distributions.c</c> (<c>random_bounded_uint64_fill</c>,
/// <c>buffered_bounded_masked_uint32</c>) and <c>mtrand.pyx</c> (<c>_legacy_seeding</c>, <c>randint</c>,
/// <c>choice</c>). Not thread-safe. Allocates nothing after construction.
/// </remarks>
public sealed class NumpyRandomState
{
    private const int StateLength = 624;
    private const int Period = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _key = new uint[StateLength];
    private int _position;

    /// <summary>Like <c>RandomState(seed)</c> with an integer seed.</summary>
    public NumpyRandomState(uint seed) => Seed(seed);

    /// <summary>
    /// A generator for Flock's 64-bit seeds: seeds below 2^32 are numpy's integer seeds
    /// (<c>RandomState(seed)</c>, so MinAtar's <c>env.seed(seed)</c> is reproduced); larger ones seed by array
    /// with their low and high words, as <c>RandomState(numpy.array([low, high]))</c> would.
    /// </summary>
    public static NumpyRandomState FromSeed(ulong seed)
    {
        var random = new NumpyRandomState(0);
        random.Reseed(seed);
        return random;
    }

    /// <summary>Restarts as <see cref="FromSeed"/> would start.</summary>
    public void Reseed(ulong seed)
    {
        if (seed <= uint.MaxValue)
        {
            Seed((uint)seed);
        }
        else
        {
            SeedByArray([(uint)seed, (uint)(seed >> 32)]);
        }
    }

    /// <summary><c>mt19937_seed</c> (Matsumoto and Nishimura's <c>init_genrand</c>): <c>RandomState(seed)</c>.</summary>
    public void Seed(uint seed)
    {
        for (var i = 0; i < StateLength; i++)
        {
            _key[i] = seed;
            seed = unchecked((1812433253U * (seed ^ (seed >> 30))) + (uint)i + 1);
        }

        _position = StateLength;
    }

    /// <summary><c>mt19937_init_by_array</c>: <c>RandomState(array)</c> for a non-empty 1-d array of 32-bit words.</summary>
    public void SeedByArray(ReadOnlySpan<uint> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A seed array must not be empty (numpy: 'Seed must be non-empty').", nameof(key));
        }

        Seed(19650218U);
        var mt = _key;
        int i = 1, j = 0;
        unchecked
        {
            for (var k = Math.Max(StateLength, key.Length); k > 0; k--)
            {
                mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
                i++;
                j++;
                if (i >= StateLength)
                {
                    mt[0] = mt[StateLength - 1];
                    i = 1;
                }

                if (j >= key.Length)
                {
                    j = 0;
                }
            }

            for (var k = StateLength - 1; k > 0; k--)
            {
                mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint)i;
                i++;
                if (i >= StateLength)
                {
                    mt[0] = mt[StateLength - 1];
                    i = 1;
                }
            }
        }

        // Most significant bit 1: a non-zero initial state whatever the key.
        mt[0] = 0x80000000U;
        _position = StateLength;
    }

    /// <summary>The next tempered 32-bit output (<c>mt19937_next32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position >= StateLength)
        {
            Twist();
        }

        var y = _key[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c> / <c>rand()</c>: a double in [0, 1) with 53 random bits from two draws.</summary>
    public double RandomSample()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary><c>rand(n)</c>: <paramref name="destination"/>.Length doubles, in order.</summary>
    public void RandomSample(Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = RandomSample();
        }
    }

    /// <summary><c>randint(high)</c>: an integer in [0, high).</summary>
    public long RandInt(long high) => RandInt(0, high);

    /// <summary>
    /// <c>randint(low, high)</c> with numpy's legacy algorithm: with <c>rng = high - 1 - low</c>, nothing is drawn
    /// when rng is 0; otherwise 32-bit draws (64-bit ones past 2^32) masked to the smallest all-ones mask
    /// covering rng, rejected while above rng.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> is not above <paramref name="low"/> (numpy: "low &gt;= high").</exception>
    public long RandInt(long low, long high)
    {
        if (low >= high)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"randint needs low < high; got low {low}, high {high}.");
        }

        var range = unchecked((ulong)(high - 1 - low));
        return unchecked(low + (long)BoundedMasked(range));
    }

    /// <summary><c>randint(low, high, size)</c>: <paramref name="destination"/>.Length integers, in order.</summary>
    public void RandInt(long low, long high, Span<long> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = RandInt(low, high);
        }
    }

    /// <summary>numpy's <c>gen_mask</c>: the smallest 2^k - 1 that is at least <paramref name="max"/>.</summary>
    internal static ulong Mask(ulong max)
    {
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        return mask;
    }

    private ulong BoundedMasked(ulong range)
    {
        if (range == 0)
        {
            return 0;
        }

        var mask = Mask(range);
        if (range <= uint.MaxValue)
        {
            ulong value;
            while ((value = NextUInt32() & mask) > range)
            {
            }

            return value;
        }

        ulong wide;
        while ((wide = NextUInt64() & mask) > range)
        {
        }

        return wide;
    }

    // mt19937_next64: the first draw is the high word.
    private ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    private void Twist()
    {
        var mt = _key;
        int i;
        uint y;
        for (i = 0; i < StateLength - Period; i++)
        {
            y = (mt[i] & UpperMask) | (mt[i + 1] & LowerMask);
            mt[i] = mt[i + Period] ^ (y >> 1) ^ ((0U - (y & 1U)) & MatrixA);
        }

        for (; i < StateLength - 1; i++)
        {
            y = (mt[i] & UpperMask) | (mt[i + 1] & LowerMask);
            mt[i] = mt[i + (Period - StateLength)] ^ (y >> 1) ^ ((0U - (y & 1U)) & MatrixA);
        }

        y = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[Period - 1] ^ (y >> 1) ^ ((0U - (y & 1U)) & MatrixA);
        _position = 0;
    }
}
