using System.Numerics;

namespace Flock.Learner.Replay;

/// <summary>
/// Seedable pseudo-random generator owned by one replay: xoshiro256** (Blackman and Vigna, 2018), 256 bits
/// of state, period 2^256 − 1, passes BigCrush, and costs a few shifts and a multiply per draw with no
/// allocation. The seed is expanded with SplitMix64, as the authors recommend, so that nearby seeds give
/// unrelated streams and the state can never be all zero. Not thread-safe, not cryptographic.
/// </summary>
internal sealed class Xoshiro256StarStar
{
    private const double DoubleUnit = 1.0 / (1UL << 53);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>Starts from a raw state, so the published reference vectors can be checked; not all zero.</summary>
    internal Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("An all-zero xoshiro state only ever produces zeros.");
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits: the top bits, which are the best ones of xoshiro.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * DoubleUnit;

    /// <summary>One step of SplitMix64 (Steele, Lea and Flood 2014): advances the state and returns a well-mixed output.</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
