namespace Flock.Environments;

/// <summary>How one seed becomes many independent ones.</summary>
public static class Seeding
{
    /// <summary>
    /// The seed of environment <paramref name="index"/> in a group seeded with <paramref name="rootSeed"/>: the
    /// (index+1)-th output of a SplitMix64 generator started at rootSeed, i.e.
    /// <c>SplitMix64.Mix(rootSeed + (index + 1) * SplitMix64.Gamma)</c> (wrapping 64-bit arithmetic).
    /// Nearby roots and indices give unrelated seeds, and index i's seed never depends on how many
    /// environments there are.
    /// </summary>
    public static ulong ForIndex(ulong rootSeed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return SplitMix64.Mix(unchecked(rootSeed + ((ulong)index + 1) * SplitMix64.Gamma));
    }
}
