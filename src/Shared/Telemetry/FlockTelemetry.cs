using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Flock.Shared.Telemetry;

/// <summary>
/// The one trace source and the one meter of the whole program. Every component records through these, so
/// an exporter (OpenTelemetry in the CLI) subscribes to a single name and gets everything.
/// </summary>
public static class FlockTelemetry
{
    /// <summary>Name of both the activity source and the meter.</summary>
    public const string Name = "Flock";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
