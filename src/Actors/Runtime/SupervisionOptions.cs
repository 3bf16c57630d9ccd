namespace Flock.Actors.Runtime;

/// <summary>
/// How an actor is supervised. With <see cref="SupervisionStrategy.Restart"/>, the n-th restart inside the
/// current <see cref="Window"/> waits <c>min(MaxBackoff, MinBackoff · BackoffMultiplier^(n-1))</c>, spread by
/// ±<see cref="JitterFraction"/>; the failure that would make it more than <see cref="MaxRestarts"/> restarts
/// in the window escalates instead.
/// </summary>
public sealed record SupervisionOptions
{
    public SupervisionStrategy Strategy { get; init; } = SupervisionStrategy.Restart;

    /// <summary>Backoff before the first restart in a window.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Ceiling of the backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Growth of the backoff from one restart to the next (≥ 1).</summary>
    public double BackoffMultiplier { get; init; } = 2.0;

    /// <summary>Random spread of each backoff as a fraction of it (0 to 1); spreads out actors that fail together.</summary>
    public double JitterFraction { get; init; } = 0.2;

    /// <summary>Restarts allowed inside one <see cref="Window"/> before the next failure escalates.</summary>
    public int MaxRestarts { get; init; } = 10;

    /// <summary>Sliding window over which restarts are counted.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Restart with the defaults above: 10 restarts per 60 s, backoff 100 ms to 10 s.</summary>
    public static SupervisionOptions Default { get; } = new();

    /// <summary>Any failure stops the run (for actors whose failure the run cannot survive, e.g. the learner).</summary>
    public static SupervisionOptions EscalateImmediately { get; } = new() { Strategy = SupervisionStrategy.Escalate };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinBackoff, TimeSpan.Zero, nameof(MinBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, MinBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(BackoffMultiplier, 1.0, nameof(BackoffMultiplier));
        ArgumentOutOfRangeException.ThrowIfLessThan(JitterFraction, 0.0, nameof(JitterFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(JitterFraction, 1.0, nameof(JitterFraction));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRestarts, nameof(MaxRestarts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
    }
}
