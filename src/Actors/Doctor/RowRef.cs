using System.Globalization;

namespace Flock.Actors.Doctor;

/// <summary>Where in a run a figure was read: one metrics row, by its line in metrics.csv, its time and its env steps.</summary>
/// <param name="Line">Line of metrics.csv (the header is line 1).</param>
/// <param name="ElapsedSeconds">Seconds since the run started.</param>
/// <param name="EnvSteps">Environment steps of all actors so far.</param>
public readonly record struct RowRef(int Line, double ElapsedSeconds, long EnvSteps)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ElapsedSeconds:0.0} s, {EnvSteps:N0} env steps");
}
