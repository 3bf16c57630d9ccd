using System.Diagnostics;
using Flock.Actors.Telemetry;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>Span sites must cost nothing without a listener and follow parent-based sampling with one.</summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class FlockSpansTests
{
    [Fact]
    public void Starts_nothing_without_a_listener()
    {
        Assert.False(FlockTelemetry.Source.HasListeners());
        Assert.Null(FlockSpans.Start(SpanNames.EnvStepBatch, "env", "env-0"));
    }

    [Fact]
    public void Span_sites_allocate_nothing_without_a_listener()
    {
        var index = new BatchTraceIndex();
        long[] keys = [1, 2, 3];
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            using var slice = FlockSpans.Start(SpanNames.EnvStepBatch, "env", "env-0");
            slice.Tag(TagNames.BatchSize, 512);
            var context = FlockSpans.ContextOf(slice);
            using var insert = FlockSpans.StartChild(SpanNames.ReplayInsert, "replay", "replay", context);
            index.Record(0, 512, context);
            Assert.Null(index.LinksFor(keys));
        }
    }

    [Fact]
    public void Tags_recorded_spans_and_skips_children_of_unrecorded_parents()
    {
        var sampleRoots = true;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FlockTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Parent != default ? (o.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData)
                : sampleRoots ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);

        using (var root = FlockSpans.Start(SpanNames.EnvStepBatch, "env", "env-3"))
        {
            Assert.NotNull(root);
            Assert.Equal("env-3", root.GetTagItem(TagNames.Actor));
            Assert.Equal("env", root.GetTagItem(TagNames.Role));
            using var child = FlockSpans.Start(SpanNames.EnvInference, "env", "env-3");
            Assert.NotNull(child);
            Assert.Equal(root.SpanId, child.ParentSpanId);
            var remote = FlockSpans.Start(SpanNames.ReplayInsert, "replay", "replay", FlockSpans.ContextOf(root));
            Assert.NotNull(remote);
            Assert.Equal(root.TraceId, remote.TraceId);
            remote.Dispose();
        }

        sampleRoots = false;
        using var unsampled = FlockSpans.Start(SpanNames.EnvStepBatch, "env", "env-3");
        Assert.NotNull(unsampled);
        Assert.False(unsampled.Recorded);
        Assert.Null(unsampled.GetTagItem(TagNames.Actor));
        Assert.Null(FlockSpans.Start(SpanNames.EnvInference, "env", "env-3"));
        Assert.Null(FlockSpans.Start(SpanNames.ReplayInsert, "replay", "replay", unsampled.Context));
    }
}
