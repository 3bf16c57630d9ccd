namespace Flock.Actors.Bench;

/// <summary>What every benchmark gets: how long to measure (per case) and where to report progress.</summary>
/// <param name="Seconds">Measuring time per case, after warm-up.</param>
/// <param name="Progress">Human-readable progress lines (stderr in the CLI); never the JSON result.</param>
public sealed record BenchOptions(double Seconds, TextWriter Progress);
