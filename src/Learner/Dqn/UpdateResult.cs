namespace Flock.Learner.Dqn;

/// <summary>What one learner update did.</summary>
/// <param name="Loss">Importance-weighted mean loss before the update.</param>
/// <param name="MeanAbsQ">Mean |Q(s, a)| of the sampled state-action pairs before the update.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="Clipped">Whether the gradients were scaled down to the clip norm.</param>
/// <param name="LearningRate">Learning rate this update used.</param>
/// <param name="UpdateCount">Updates done, this one included; also the new weights version.</param>
/// <param name="TargetSynced">Whether the target network was refreshed after this update.</param>
public readonly record struct UpdateResult(
    float Loss, float MeanAbsQ, float GradientNorm, bool Clipped, double LearningRate, long UpdateCount, bool TargetSynced);
