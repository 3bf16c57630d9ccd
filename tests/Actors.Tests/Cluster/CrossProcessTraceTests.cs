using System.Text;
using System.Text.Json;
using Flock.Actors.Tests.Cluster.Support;
using Flock.Actors.Tests.Telemetry;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// A learner and an actor node as real processes, both exporting to one OTLP receiver: a batch's trace starts
/// in the node's process and goes on in the learner's, and the learner's updates link back to it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossProcessTraceTests : IAsyncLifetime
{
    private const string NodeName = "tracer";

    private readonly ClusterTestBed _bed = ClusterTestBed.Create("cluster-trace");

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes a test class through IAsyncLifetime (it does not look for IAsyncDisposable): the processes must not outlive the test.
    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_batch_trace_starts_on_the_actor_node_goes_on_in_the_learner_and_updates_link_to_it()
    {
        using var receiver = new OtlpReceiver();
        var traceFile = Path.Combine(_bed.RunDir, "trace.json");
        var broker = _bed.Seed;
        var learner = _bed.Start("learner", ClusterArgs.Learner(broker, _bed.RunDir, 90,
            "--otlp-endpoint", receiver.Endpoint, "--trace-sample-ratio", "1", "--trace-file", traceFile, "--broadcast-interval", "5"));
        var node = _bed.Start("node", ClusterArgs.Node(broker, NodeName));
        await learner.WaitForAsync($"node {NodeName} joined");
        await learner.WaitUntilAsync(() => MetricsFile.Number(MetricsFile.Last(_bed.RunDir), "updates") > 50, "some updates on the node's transitions");

        // The learner stops first, then the node; each flushes its exporters as it exits.
        learner.Terminate();
        await learner.ExpectExitAsync(0);
        node.Terminate();
        await node.ExpectExitAsync(0);

        var spans = OtlpTraceDecoder.Decode(receiver.Requests.Where(r => r.Path == "/v1/traces").Select(r => r.Body));
        var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var nodeSpans = spans.Where(s => s.Service == "flock-actors").ToList();
        var learnerSpans = spans.Where(s => s.Service == "flock-learner").ToList();
        Assert.NotEmpty(nodeSpans);
        Assert.NotEmpty(learnerSpans);

        // Each process exports under its own resource, and the node's spans name the node.
        Assert.All(nodeSpans, s => Assert.Equal(NodeName, s.Resource["service.instance.id"]));
        Assert.All(nodeSpans, s => Assert.Equal(NodeName, s.Attributes[TagNames.Node]));
        Assert.All(nodeSpans, s => Assert.Contains(s.Name, new[] { SpanNames.EnvStepBatch, SpanNames.EnvInference, SpanNames.ActorSend, SpanNames.ActorWeightsSwap }));
        Assert.DoesNotContain(learnerSpans, s => s.Name is SpanNames.EnvStepBatch or SpanNames.ActorSend);

        // A node's send and the learner's insert of the same batch share one trace: both children of the node's step batch.
        var inserts = learnerSpans.Where(s => s.Name == SpanNames.ReplayInsert).ToList();
        Assert.NotEmpty(inserts);
        var crossing = 0;
        foreach (var insert in inserts)
        {
            Assert.NotNull(insert.ParentSpanId);
            if (!byId.TryGetValue(insert.ParentSpanId, out var producer))
            {
                continue; // A batch sent before the receiver got the node's first export, or still queued when it stopped.
            }

            Assert.Equal(SpanNames.EnvStepBatch, producer.Name);
            Assert.Equal("flock-actors", producer.Service);
            Assert.Equal(producer.TraceId, insert.TraceId);
            var send = Assert.Single(nodeSpans, s => s.Name == SpanNames.ActorSend && s.ParentSpanId == producer.SpanId);
            Assert.Equal(insert.TraceId, send.TraceId);
            crossing++;
        }

        Assert.True(crossing > inserts.Count / 2, $"only {crossing} of {inserts.Count} inserts have their node-side parent");

        // Updates link to the batches they sampled, whose traces started on the node.
        var links = learnerSpans.Where(s => s.Name == SpanNames.LearnerUpdate).SelectMany(s => s.Links).ToList();
        Assert.NotEmpty(links);
        var resolved = links.Where(l => byId.ContainsKey(l.SpanId)).ToList();
        Assert.NotEmpty(resolved);
        Assert.All(resolved, l =>
        {
            var batch = byId[l.SpanId];
            Assert.Equal(SpanNames.EnvStepBatch, batch.Name);
            Assert.Equal("flock-actors", batch.Service);
            Assert.Equal(batch.TraceId, l.TraceId);
        });

        // The other way: a weight snapshot's trace starts at the learner's broadcast and goes on in the node's swap.
        var swaps = nodeSpans.Where(s => s.Name == SpanNames.ActorWeightsSwap).ToList();
        Assert.NotEmpty(swaps);
        Assert.All(swaps, swap =>
        {
            var broadcast = byId[swap.ParentSpanId!];
            Assert.Equal(SpanNames.LearnerBroadcast, broadcast.Name);
            Assert.Equal("flock-learner", broadcast.Service);
            Assert.Equal(broadcast.TraceId, swap.TraceId);
        });

        // The node's metrics reach the same receiver under its own service name.
        var metricText = Encoding.UTF8.GetString(receiver.Requests.Where(r => r.Path == "/v1/metrics").SelectMany(r => r.Body).ToArray());
        Assert.Contains("flock-actors", metricText);
        Assert.Contains(MetricNames.EnvSteps, metricText);

        // The learner's trace file holds its own spans only: the node's go to the OTLP receiver alone.
        using var trace = JsonDocument.Parse(await File.ReadAllTextAsync(traceFile));
        var fileSpans = trace.RootElement.GetProperty("traceEvents").EnumerateArray()
            .Where(e => e.GetProperty("ph").GetString() == "X").Select(e => e.GetProperty("name").GetString()).ToHashSet();
        Assert.Contains(SpanNames.ReplayInsert, fileSpans);
        Assert.Contains(SpanNames.LearnerUpdate, fileSpans);
        Assert.DoesNotContain(SpanNames.EnvStepBatch, fileSpans);
        Assert.DoesNotContain(SpanNames.ActorSend, fileSpans);
    }

}
