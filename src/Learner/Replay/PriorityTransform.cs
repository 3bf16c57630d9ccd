namespace Flock.Learner.Replay;

/// <summary>
/// Maps an absolute TD error (or an actor's initial priority, which is one) to the stored priority
/// (|δ| + ε)^α. Computed in double and rounded once to float, so the sum tree and the min tree hold the
/// very same value and normalised importance weights never exceed 1.
/// </summary>
internal readonly record struct PriorityTransform(double Alpha, double Floor)
{
    public float Apply(float absTdError) => (float)Math.Pow(absTdError + Floor, Alpha);
}
