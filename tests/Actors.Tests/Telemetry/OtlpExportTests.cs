using System.Text;
using Flock.Actors.Tests.Cli;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

/// <summary><c>flockrl train --otlp-endpoint</c> really posts spans and metrics (OTLP protobuf over HTTP) to a receiver.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_training_run_exports_its_spans_and_metrics_over_otlp_http()
    {
        using var receiver = new OtlpReceiver();
        var outDir = Path.Combine(Path.GetTempPath(), $"flock-otlp-run-{Guid.NewGuid():N}");
        try
        {
            // Bounded by wall time, not env steps: metrics go out once a second (the OTLP reader's floor) and a
            // gauge such as the mailbox depth reports only while its actors live, so the run must outlast an
            // export interval however fast the machine steps.
            var run = await FlockProcess.RunAsync(TimeSpan.FromMinutes(3),
                "train", "--env", "CartPole-v1", "--max-seconds", "3", "--samples-per-insert-tolerance", "2000", "--out", outDir, "--otlp-endpoint", receiver.Endpoint,
                "--trace-sample-ratio", "0.2", "--broadcast-interval", "5", "--replay-min-size", "256", "--no-progress");
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }

        var requests = receiver.Requests.ToArray();
        var traces = requests.Where(r => r.Path == "/v1/traces").ToList();
        var metrics = requests.Where(r => r.Path == "/v1/metrics").ToList();
        Assert.NotEmpty(traces);
        Assert.NotEmpty(metrics);
        Assert.All(requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.All(requests, r => Assert.NotEmpty(r.Body));

        // Protobuf keeps strings as UTF-8 bytes, so names are found in the raw bodies.
        var traceText = Encoding.UTF8.GetString(traces.SelectMany(r => r.Body).ToArray());
        foreach (var name in new[] { SpanNames.EnvStepBatch, SpanNames.ReplayInsert, SpanNames.ReplaySample, SpanNames.LearnerUpdate, SpanNames.LearnerBroadcast, "flock-train" })
        {
            Assert.Contains(name, traceText);
        }

        var metricText = Encoding.UTF8.GetString(metrics.SelectMany(r => r.Body).ToArray());
        foreach (var name in new[]
                 {
                     MetricNames.EnvSteps, MetricNames.TransitionsInserted, MetricNames.LearnerUpdates, MetricNames.ReplaySize,
                     MetricNames.EpisodeReturn, MetricNames.UpdateDuration, MetricNames.WeightsVersionLag, MetricNames.MailboxDepth,
                 })
        {
            Assert.Contains(name, metricText);
        }
    }
}
