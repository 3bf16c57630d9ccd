namespace Flock.Shared.Wire;

/// <summary>
/// Upper bounds a decoder enforces on every length it reads, before it allocates anything, so that a
/// corrupt or hostile buffer cannot make a node allocate gigabytes. Defaults fit every run Flock makes
/// with room to spare; raise one with <c>WireLimits.Default with { MaxObsDim = 100_000 }</c>.
/// </summary>
public sealed record WireLimits
{
    /// <summary>The defaults described on each property.</summary>
    public static WireLimits Default { get; } = new();

    /// <summary>Most transitions in a <c>TransitionBatch</c> and most keys in a <c>PriorityUpdate</c>; default 65,536.</summary>
    public int MaxBatch { get; init => field = RequirePositive(value); } = 65_536;

    /// <summary>Most floats in one observation; default 4,096 (an 84×84 Atari frame is 7,056: raise it for pixels).</summary>
    public int MaxObsDim { get; init => field = RequirePositive(value); } = 4_096;

    /// <summary>Most parameters in a <c>WeightSnapshot</c>; default 64M floats (256 MiB).</summary>
    public int MaxWeights { get; init => field = RequirePositive(value); } = 64 * 1024 * 1024;

    /// <summary>Most parameter tensors in a <c>WeightSnapshot</c>; default 1,024.</summary>
    public int MaxShapes { get; init => field = RequirePositive(value); } = 1_024;

    /// <summary>Most UTF-8 bytes in a short string such as a node id; default 256.</summary>
    public int MaxStringBytes { get; init => field = RequirePositive(value); } = 256;

    /// <summary>Most UTF-8 bytes of run configuration JSON; default 1 MiB.</summary>
    public int MaxConfigBytes { get; init => field = RequirePositive(value); } = 1024 * 1024;

    /// <summary>Most actor ids in a <c>JoinGrant</c> or a <c>Heartbeat</c>; default 65,536.</summary>
    public int MaxActors { get; init => field = RequirePositive(value); } = 65_536;

    /// <summary>Most bytes in one <c>WeightsChunk</c>; default 1 MiB.</summary>
    public int MaxChunkBytes { get; init => field = RequirePositive(value); } = 1024 * 1024;

    /// <summary>Most chunks one weights version is split into (<c>WeightsChunk.Count</c>); default 4,096.</summary>
    public int MaxChunks { get; init => field = RequirePositive(value); } = 4_096;

    /// <summary>Most UTF-8 bytes of a <c>JoinRefused</c> reason; default 4 KiB.</summary>
    public int MaxReasonBytes { get; init => field = RequirePositive(value); } = 4 * 1024;

    private static int RequirePositive(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        return value;
    }
}
