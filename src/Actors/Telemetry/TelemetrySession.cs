using System.Diagnostics;
using Flock.Shared.Configuration;
using Flock.Shared.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Flock.Actors.Telemetry;

/// <summary>
/// Turns a run's telemetry settings into live exporters for as long as the run lasts: spans of the
/// <see cref="FlockTelemetry.Source"/> (sampled parent-based, roots at <see cref="RunConfig.TraceSampleRatio"/>)
/// to a Chrome trace file and/or OTLP/HTTP, and the <see cref="FlockTelemetry.Meter"/> to OTLP/HTTP.
/// With neither set nothing listens, so every span site costs one check. Disposing flushes everything.
/// </summary>
public sealed class TelemetrySession : IDisposable
{
    private const int TraceQueueSize = 1 << 16;
    private const int TraceBatchSize = 4096;
    private const int TraceExportDelayMilliseconds = 500;

    private readonly TracerProvider? _tracing;
    private readonly MeterProvider? _metrics;

    private TelemetrySession(TracerProvider? tracing, MeterProvider? metrics)
    {
        _tracing = tracing;
        _metrics = metrics;
    }

    /// <summary>True when spans are exported somewhere.</summary>
    public bool Tracing => _tracing is not null;

    /// <param name="traceFile">Chrome trace-event file to write, or null.</param>
    /// <param name="otlpEndpoint">Base URL of an OTLP/HTTP receiver (the paths /v1/traces and /v1/metrics are appended), or null.</param>
    /// <param name="sampleRatio">Share of root traces recorded.</param>
    /// <param name="metricsInterval">Time between metric exports over OTLP.</param>
    /// <param name="serviceName">service.name of the resource (the command, e.g. flock-train).</param>
    public static TelemetrySession Start(string? traceFile, string? otlpEndpoint, double sampleRatio, TimeSpan metricsInterval, string serviceName)
    {
        if (traceFile is null && otlpEndpoint is null)
        {
            return new TelemetrySession(null, null);
        }

        var resource = ResourceBuilder.CreateDefault().AddService(serviceName, serviceInstanceId: FlockSpans.Node);
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(FlockTelemetry.Name)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(sampleRatio)));
        if (traceFile is not null)
        {
            tracing.AddProcessor(new BatchActivityExportProcessor(
                new ChromeTraceExporter(traceFile, DateTime.UtcNow), TraceQueueSize, TraceExportDelayMilliseconds, exporterTimeoutMilliseconds: 30_000, TraceBatchSize));
        }

        MeterProvider? metrics = null;
        if (otlpEndpoint is not null)
        {
            var root = otlpEndpoint.TrimEnd('/');
            tracing.AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(root + "/v1/traces");
                o.BatchExportProcessorOptions.MaxQueueSize = TraceQueueSize;
                o.BatchExportProcessorOptions.MaxExportBatchSize = TraceBatchSize;
                o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = TraceExportDelayMilliseconds;
            });
            metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(FlockTelemetry.Name)
                .AddOtlpExporter((o, reader) =>
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = new Uri(root + "/v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)Math.Max(1000, metricsInterval.TotalMilliseconds);
                })
                .Build();
        }

        return new TelemetrySession(tracing.Build(), metrics);
    }

    /// <summary>Starts what <paramref name="config"/> asks for.</summary>
    public static TelemetrySession Start(RunConfig config, string serviceName) =>
        Start(config.TraceFile, config.OtlpEndpoint, config.TraceSampleRatio, TimeSpan.FromSeconds(config.MetricsIntervalSeconds), serviceName);

    /// <summary>Flushes and stops the exporters; spans still queued are written first.</summary>
    public void Dispose()
    {
        _tracing?.ForceFlush();
        _tracing?.Dispose();
        _metrics?.ForceFlush();
        _metrics?.Dispose();
    }
}
