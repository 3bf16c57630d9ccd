namespace Flock.Environments;

/// <summary>
/// Computes the reward a <see cref="RewardShapingWrapper"/> reports for one transition.
/// </summary>
/// <param name="observation">The observation the action was taken in (s).</param>
/// <param name="action">The action (a).</param>
/// <param name="reward">The environment's own reward (r).</param>
/// <param name="nextObservation">The observation the step produced (s').</param>
/// <param name="terminated">Whether s' is terminal, where a potential must count as zero.</param>
/// <returns>The shaped reward.</returns>
public delegate float RewardShaper(
    ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated);

/// <summary>A potential Φ(s) over observations, for <see cref="RewardShapingWrapper.PotentialBased"/>.</summary>
public delegate float ObservationPotential(ReadOnlySpan<float> observation);
