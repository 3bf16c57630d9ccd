namespace Flock.Actors.Bench;

/// <summary>What every benchmark gets: how long to measure (per case) and where to report progress.</summary>
/// <param name="Seconds">Measuring time per case, after warm-up.</param>
/// <param name="Progress">Human-readable progress lines (stderr in the CLI); never the JSON result.</param>
/// <param name="TracingOverhead">collector: also measure what tracing at the default sample ratio costs.</param>
/// <param name="Nodes">Actor nodes of the <c>cluster</c> bench.</param>
/// <param name="Repeats">How many times <see cref="BenchRepeats"/> runs the whole bench; a bench itself measures once.</param>
/// <param name="Contention">collector: also measure with CPU-bound competitor processes running, and the ratio.</param>
/// <param name="Rows">tools: metrics rows of the synthetic run that doctor and report read.</param>
/// <param name="Widths">learner on a device: hidden widths of the 4-w-w-2 MLPs; null for <see cref="GpuLearnerBench.DefaultWidths"/>.</param>
/// <param name="Batches">learner on a device: batch sizes; null for <see cref="GpuLearnerBench.DefaultBatches"/>.</param>
public sealed record BenchOptions(
    double Seconds,
    TextWriter Progress,
    bool TracingOverhead = false,
    int Nodes = ClusterBench.DefaultNodes,
    int Repeats = BenchRepeats.DefaultRepeats,
    bool Contention = false,
    int Rows = ToolsBench.DefaultRows,
    IReadOnlyList<int>? Widths = null,
    IReadOnlyList<int>? Batches = null);
