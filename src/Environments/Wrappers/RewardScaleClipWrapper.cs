namespace Flock.Environments;

/// <summary>
/// Multiplies each reward by <see cref="Scale"/> and then clips it to [<see cref="Min"/>, <see cref="Max"/>],
/// e.g. DQN's Atari clipping to [-1, 1] or scaling large returns down to the network's comfortable range.
/// </summary>
public sealed class RewardScaleClipWrapper : EnvironmentWrapper
{
    public RewardScaleClipWrapper(
        IEnvironment inner,
        float scale = 1f,
        float min = float.NegativeInfinity,
        float max = float.PositiveInfinity)
        : base(inner)
    {
        if (!float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The reward scale must be finite.");
        }

        if (float.IsNaN(min) || float.IsNaN(max) || min > max)
        {
            throw new ArgumentException($"Invalid clip range [{min}, {max}].");
        }

        Scale = scale;
        Min = min;
        Max = max;
    }

    public float Scale { get; }

    public float Min { get; }

    public float Max { get; }

    public override StepResult Step(int action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        // Math.Clamp keeps a NaN reward NaN, so a fault checker further out still sees it.
        return result with { Reward = Math.Clamp(result.Reward * Scale, Min, Max) };
    }
}
