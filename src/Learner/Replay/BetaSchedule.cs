namespace Flock.Learner.Replay;

/// <summary>
/// Importance-sampling exponent β rising linearly from β₀ to 1 as transitions are sampled (Schaul et al.
/// 2016): early on the bias of prioritised sampling matters little, near convergence it must vanish.
/// </summary>
internal readonly record struct BetaSchedule(double BetaStart, long AnnealSamples)
{
    /// <summary>β after <paramref name="sampledTransitions"/> sampled transitions; exactly 1 from the anneal length on.</summary>
    public double At(long sampledTransitions) =>
        sampledTransitions >= AnnealSamples
            ? 1.0
            : BetaStart + ((1.0 - BetaStart) * sampledTransitions / AnnealSamples);
}
