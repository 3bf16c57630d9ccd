namespace Flock.Shared.Configuration;

/// <summary>
/// Marks a property of <see cref="RunConfig"/> as a configuration knob: its kebab-case name is both the
/// command-line flag and the JSON key, and its range is checked by <see cref="RunConfigValidator"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class KnobAttribute(KnobSection section, string help) : Attribute
{
    public KnobSection Section { get; } = section;

    /// <summary>One line for <c>--help</c>: what the knob does.</summary>
    public string Help { get; } = help;

    /// <summary>Smallest allowed value (inclusive) for numbers; NaN when unbounded.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Largest allowed value (inclusive) for numbers; NaN when unbounded.</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>True when the value must be strictly greater than <see cref="Min"/>.</summary>
    public bool MinExclusive { get; init; }
}

/// <summary>Groups knobs for help output and the README reference.</summary>
public enum KnobSection
{
    Environment,
    Actors,
    Network,
    Optimizer,
    Dqn,
    Replay,
    Exploration,
    Intervals,
    Stop,
    Output,
    Telemetry,
    Cluster,
}
