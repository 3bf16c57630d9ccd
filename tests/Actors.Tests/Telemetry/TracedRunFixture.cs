using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>
/// One short traced training run shared by the trace-file, metrics and report tests: a few seconds of
/// CartPole with half the traces recorded into the run directory's trace.json, learning from 256
/// transitions on and a broadcast every five updates, so even a slow machine traces every kind of span.
/// </summary>
public sealed class TracedRunFixture : IAsyncLifetime
{
    public string RunDir { get; } = Path.Combine(Path.GetTempPath(), $"flock-traced-run-{Guid.NewGuid():N}");

    public string TraceFile => Path.Combine(RunDir, "trace.json");

    public FlockProcess.Result Train { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Bounded by env steps, so it may take under a second: a metrics row every 0.2 s gives the report curves
        // several points however fast the machine is.
        Train = await FlockProcess.RunAsync(TimeSpan.FromMinutes(3),
            "train", "--env", "CartPole-v1", "--max-env-steps", "15000", "--samples-per-insert-tolerance", "2000", "--broadcast-interval", "5", "--replay-min-size", "256", "--metrics-interval-seconds", "0.2", "--out", RunDir,
            "--trace-file", TraceFile, "--trace-sample-ratio", "0.5", "--no-progress", "--json");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(RunDir))
        {
            Directory.Delete(RunDir, recursive: true);
        }

        return Task.CompletedTask;
    }
}
