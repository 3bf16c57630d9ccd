using Flock.Learner.Networks;

namespace Flock.Learner.Dqn;

/// <summary>The argument checks every <see cref="IDqnBackend"/> makes before it touches its networks, worded once.</summary>
internal static class BackendArguments
{
    /// <summary>A batch for <paramref name="spec"/> with 1..capacity rows and room for their |TD errors|.</summary>
    public static void RequireTrainable(QNetworkSpec spec, SampledBatch batch, int tdErrorsLength)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.ObsDim != spec.ObsDim)
        {
            throw new ArgumentException($"batch observations have {batch.ObsDim} floats, the network takes {spec.ObsDim}", nameof(batch));
        }

        if (batch.Count < 1 || batch.Count > batch.Capacity)
        {
            throw new ArgumentException($"batch count {batch.Count} is outside 1..{batch.Capacity}", nameof(batch));
        }

        if (tdErrorsLength < batch.Count)
        {
            throw new ArgumentException($"needs room for {batch.Count} TD errors, got {tdErrorsLength}", "absoluteTdErrors");
        }
    }

    /// <summary>The taken action of transition <paramref name="index"/>, which must be one of the network's.</summary>
    public static int RequireAction(SampledBatch batch, int index, int actionCount)
    {
        var action = batch.Actions[index];
        return (uint)action < (uint)actionCount
            ? action
            : throw new ArgumentException($"action {action} of transition {index} is outside 0..{actionCount - 1}", nameof(batch));
    }

    /// <summary>A training state of the backend's own architecture.</summary>
    public static void RequireSameSpec(DqnTrainingState state, QNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Spec.Equals(spec))
        {
            throw new ArgumentException($"state is for a {state.Spec} network, this backend trains a {spec} one", nameof(state));
        }
    }
}
