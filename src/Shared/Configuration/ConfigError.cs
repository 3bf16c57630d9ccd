namespace Flock.Shared.Configuration;

/// <summary>One problem with a configuration value: which knob, what value, where it came from, and what is allowed.</summary>
/// <param name="Key">Knob name without dashes (or the unknown key as written).</param>
/// <param name="Value">The offending value as text.</param>
/// <param name="Problem">What is wrong and what is allowed.</param>
/// <param name="Source">Where the value came from: "flag", a config file path, or "default".</param>
public sealed record ConfigError(string Key, string Value, string Problem, string Source)
{
    public override string ToString() => Source == "flag"
        ? $"--{Key} {Value}: {Problem}"
        : $"{Key} = {Value} (from {Source}): {Problem}";
}

/// <summary>Thrown when a configuration has problems; carries every one of them, not just the first.</summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigError> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
