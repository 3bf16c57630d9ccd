namespace Flock.Actors.Doctor;

/// <summary>How much a finding matters: critical ones break learning outright, warnings slow it down or make it unreliable.</summary>
public enum Severity
{
    Critical,
    Warning,
}

/// <summary>One figure behind a finding, with the metrics rows it was read from (none when it comes from the configuration or summary).</summary>
public sealed record Evidence(string Text, IReadOnlyList<RowRef> At)
{
    public Evidence(string text, params RowRef[] at)
        : this(text, (IReadOnlyList<RowRef>)at)
    {
    }
}

/// <summary>A flag to pass to the next run, its value computed from this run, and why.</summary>
public sealed record FlagChange(string Flag, string Value, string Why)
{
    /// <summary>As typed on the command line: <c>--learning-rate 2.5e-4</c>.</summary>
    public string CommandLine => $"{Flag} {Value}";
}

/// <summary>
/// A problem the doctor found in a run: a stable id, how bad it is, the figures that show it, the likely cause
/// and what to change. <see cref="Advice"/> carries what cannot be said as a flag (e.g. reward shaping in code).
/// </summary>
public sealed record Finding(
    string Id,
    Severity Severity,
    string Title,
    IReadOnlyList<Evidence> Evidence,
    string Cause,
    IReadOnlyList<FlagChange> Changes,
    string? Advice = null);
