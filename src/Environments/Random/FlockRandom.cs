using System.Runtime.CompilerServices;

namespace Flock.Environments;

/// <summary>
/// Flock's environment random number generator: xoshiro256** 1.0 (Blackman and Vigna 2018). A seed fills the
/// four 64-bit state words with the first four outputs of <see cref="SplitMix64"/> started at the seed, as
/// the xoshiro authors recommend, so every seed (0 included) gives a valid, well-mixed state. The sequence
/// for a seed is fixed forever: changing it would change every seeded trajectory.
/// </summary>
/// <remarks>
/// Not Gymnasium's PCG64: Flock's episodes start from different random states than Gymnasium's for the same
/// seed, and parity with Gymnasium is checked by setting the recorded state instead
/// (<see cref="IStatefulEnvironment.SetState"/>). Not thread-safe.
/// </remarks>
public sealed class FlockRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public FlockRandom(ulong seed) => Reseed(seed);

    /// <summary>A generator seeded from the operating system's entropy, for environments nobody seeded.</summary>
    public static FlockRandom FromEntropy() => new((ulong)System.Random.Shared.NextInt64() ^ (ulong)Environment.TickCount64);

    /// <summary>
    /// What an environment's <see cref="IEnvironment.Reset"/> does with its seed argument (Gymnasium's
    /// <c>super().reset(seed=seed)</c>): a seed (re)starts <paramref name="random"/> at that seed; null keeps
    /// the existing sequence going, or starts one from entropy if the environment was never seeded.
    /// </summary>
    /// <returns>The generator to draw the new episode's start from (also stored in <paramref name="random"/>).</returns>
    public static FlockRandom ForReset(ref FlockRandom? random, ulong? seed)
    {
        if (seed is { } value)
        {
            if (random is null)
            {
                random = new FlockRandom(value);
            }
            else
            {
                random.Reseed(value);
            }

            return random;
        }

        return random ??= FromEntropy();
    }

    /// <summary>Restarts the sequence as if newly constructed with <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64.Next(ref state);
        _s1 = SplitMix64.Next(ref state);
        _s2 = SplitMix64.Next(ref state);
        _s3 = SplitMix64.Next(ref state);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2^-53.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [low, high), computed as <c>low + (high - low) * NextDouble()</c> like numpy.</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var bound = (ulong)n;
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            // Reject the few values that would make small results more likely.
            var threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return (int)high;
    }
}
