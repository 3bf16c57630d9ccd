using Flock.Shared.Configuration;

namespace Flock.Actors.Doctor;

/// <summary>Flag changes that several rules advise, with the flag names taken from the knobs themselves and values computed from the run's configuration.</summary>
public static class Suggest
{
    public static string Flag(string runConfigProperty) => Knob(runConfigProperty).Flag;

    /// <summary>The largest value the knob allows, so a suggestion never fails validation.</summary>
    public static double Max(string runConfigProperty) => Knob(runConfigProperty).Attribute.Max;

    public static FlagChange Value(string runConfigProperty, double value, string why) =>
        new(Flag(runConfigProperty), DoctorFormat.FlagValue(value), why);

    public static FlagChange Value(string runConfigProperty, long value, string why) =>
        new(Flag(runConfigProperty), DoctorFormat.FlagValue(value), why);

    /// <summary>The learning rate divided by <paramref name="divisor"/>, rounded to two significant digits.</summary>
    public static FlagChange LowerLearningRate(RunConfig config, double divisor, string why) =>
        Value(nameof(RunConfig.LearningRate), DoctorFormat.Round2(config.LearningRate / divisor), why);

    /// <summary>The target interval times <paramref name="factor"/>, and at least the default that solves the built-in tasks.</summary>
    public static FlagChange LongerTargetInterval(RunConfig config, int factor, string why)
    {
        var usual = new RunConfig().TargetUpdateInterval;
        var longer = Math.Max(usual, (long)config.TargetUpdateInterval * factor);
        return Value(nameof(RunConfig.TargetUpdateInterval), longer,
            (longer == usual && config.TargetUpdateInterval * factor < usual ? $"the default {usual}" : $"{factor}× {config.TargetUpdateInterval}") + ": " + why);
    }

    public static FlagChange? HuberIfMse(RunConfig config) => config.Loss == LossKind.Mse
        ? new FlagChange(Flag(nameof(RunConfig.Loss)), "huber", "Huber's gradient stays bounded for large TD errors; the squared error's grows with them")
        : null;

    /// <summary>Turns clipping back on at the default when it was off.</summary>
    public static FlagChange? ClipIfOff(RunConfig config) => config.GradClipNorm == 0
        ? Value(nameof(RunConfig.GradClipNorm), new RunConfig().GradClipNorm, "one huge gradient can no longer throw the weights far off")
        : null;

    private static ConfigKnob Knob(string runConfigProperty) => ConfigKnob.All.Single(k => k.Property.Name == runConfigProperty);

    public static IReadOnlyList<FlagChange> All(params FlagChange?[] changes) => changes.OfType<FlagChange>().ToArray();
}
