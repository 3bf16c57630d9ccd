namespace Flock.Environments;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the constants of Vigna's reference <c>splitmix64.c</c>). Flock uses
/// it only to turn seeds into well-mixed 64-bit values: to fill <see cref="FlockRandom"/>'s state and to derive
/// per-environment seeds (<see cref="Seeding"/>).
/// </summary>
public static class SplitMix64
{
    /// <summary>The Weyl increment: 2^64 divided by the golden ratio, odd.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Advances <paramref name="state"/> by <see cref="Gamma"/> and returns the mixed new state.</summary>
    public static ulong Next(ref ulong state)
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>The SplitMix64 finaliser (a bijection on 64-bit values).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
