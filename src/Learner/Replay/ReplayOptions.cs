using Flock.Shared.Messages;

namespace Flock.Learner.Replay;

/// <summary>
/// Configuration of <see cref="PrioritizedReplay"/>, checked when constructed so that a bad value fails
/// at start-up with a message naming it rather than as a NaN deep inside training. Defaults are the
/// proportional-variant values of Schaul et al. 2016 (α 0.6, β₀ 0.4), which Ape-X (Horgan et al. 2018) keeps.
/// </summary>
public sealed record ReplayOptions
{
    /// <param name="capacity">See <see cref="Capacity"/>.</param>
    /// <param name="obsDim">See <see cref="ObsDim"/>.</param>
    /// <param name="betaAnnealSamples">See <see cref="BetaAnnealSamples"/>.</param>
    /// <param name="alpha">See <see cref="Alpha"/>.</param>
    /// <param name="betaStart">See <see cref="BetaStart"/>.</param>
    /// <param name="priorityFloor">See <see cref="PriorityFloor"/>.</param>
    public ReplayOptions(
        int capacity,
        int obsDim,
        long betaAnnealSamples,
        double alpha = 0.6,
        double betaStart = 0.4,
        double priorityFloor = 1e-6)
    {
        // The sum tree rounds its leaf count up to a power of two; 2^30 leaves is the largest that fits an int index.
        if (capacity is < 1 or > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"Replay capacity must be between 1 and {MaxCapacity} transitions.");
        }

        if (obsDim < 1 || (long)capacity * obsDim > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(obsDim), obsDim, $"Observation size must be at least 1 and capacity × obsDim must fit one array (capacity is {capacity}).");
        }

        if (betaAnnealSamples < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(betaAnnealSamples), betaAnnealSamples, "β annealing length must be ≥ 0 sampled transitions (0 means β is 1 from the start).");
        }

        if (!(alpha is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Priority exponent α must be in [0, 1] (0 is uniform sampling, 1 fully proportional).");
        }

        if (!(betaStart is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(betaStart), betaStart, "Initial importance-sampling exponent β₀ must be in [0, 1].");
        }

        // Below float.Epsilon, ε^α could round to a float priority of 0 and the transition could never be sampled
        // again; above 1 it is no longer a floor but a flattening of every priority.
        if (!(priorityFloor is >= float.Epsilon and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(priorityFloor), priorityFloor, $"Priority floor ε must be in [{float.Epsilon}, 1] so that no stored priority rounds to 0.");
        }

        Capacity = capacity;
        ObsDim = obsDim;
        BetaAnnealSamples = betaAnnealSamples;
        Alpha = alpha;
        BetaStart = betaStart;
        PriorityFloor = priorityFloor;
    }

    /// <summary>Largest supported <see cref="Capacity"/>: 2^30 transitions.</summary>
    public const int MaxCapacity = 1 << 30;

    /// <summary>Transitions held; once full, each new one overwrites the oldest (FIFO).</summary>
    public int Capacity { get; }

    /// <summary>Floats in one observation; every added batch must have exactly this many.</summary>
    public int ObsDim { get; }

    /// <summary>
    /// How observations arrive and are stored. <see cref="ObservationEncoding.UInt8"/>: 0/1 boards (MinAtar's),
    /// one byte per cell, widened to floats only when sampled for the network, a quarter of the memory and of
    /// the cache lines a sample touches. Every added batch must have this encoding; a board with a cell other
    /// than 0 or 1 is refused whole.
    /// </summary>
    public ObservationEncoding ObservationEncoding { get; init; }

    /// <summary>
    /// Sampled transitions (the sum of batch sizes) over which β rises linearly from <see cref="BetaStart"/>
    /// to 1. Schaul et al. reach 1 at the end of training, when unbiased updates matter most.
    /// </summary>
    public long BetaAnnealSamples { get; }

    /// <summary>
    /// Priority exponent α: stored priority is (|δ| + ε)^α. It tempers how greedy the prioritisation is;
    /// 0.6 is the value Schaul et al. and Ape-X use for proportional replay.
    /// </summary>
    public double Alpha { get; }

    /// <summary>
    /// Importance-sampling exponent β at the start of training; 0.4 as in Schaul et al. and Ape-X. The
    /// weights correct the bias of non-uniform sampling fully only at β = 1.
    /// </summary>
    public double BetaStart { get; }

    /// <summary>
    /// ε added to every |δ| before the exponent so that no transition reaches priority 0 and becomes
    /// unsampleable; small enough (1e-6) not to distort real TD errors. Must lie in [float.Epsilon, 1].
    /// </summary>
    public double PriorityFloor { get; }
}
