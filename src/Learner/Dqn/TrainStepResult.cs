namespace Flock.Learner.Dqn;

/// <summary>What one backend training step measured.</summary>
/// <param name="Loss">Importance-weighted mean loss before the update.</param>
/// <param name="MeanAbsQ">Mean |Q(s, a)| of the sampled state-action pairs before the update: a divergence alarm.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="Clipped">Whether the gradients were scaled down to the clip norm.</param>
public readonly record struct TrainStepResult(float Loss, float MeanAbsQ, float GradientNorm, bool Clipped);
