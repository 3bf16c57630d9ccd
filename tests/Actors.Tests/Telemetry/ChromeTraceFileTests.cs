using System.Globalization;
using System.Text.Json;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>The --trace-file of a real run: Chrome trace-event JSON with named tracks, nested spans and linked ids.</summary>
public sealed class ChromeTraceFileTests(TracedRunFixture run) : IClassFixture<TracedRunFixture>
{
    private sealed record Span(string Name, int Pid, int Tid, double Ts, double Dur, string TraceId, string SpanId, string? Parent, string[] Links, JsonElement Args, JsonElement Event);

    [Fact]
    public void Every_role_boundary_has_spans_on_named_tracks()
    {
        Assert.True(run.Train.ExitCode == 0, run.Train.ToString());
        var (spans, processes, threads) = Read();
        foreach (var name in new[]
                 {
                     SpanNames.EnvStepBatch, SpanNames.EnvInference, SpanNames.ActorSend, SpanNames.ReplayInsert, SpanNames.ReplaySample,
                     SpanNames.LearnerUpdate, SpanNames.LearnerBroadcast, SpanNames.ActorWeightsSwap,
                 })
        {
            Assert.Contains(spans, s => s.Name == name);
        }

        Assert.Superset(new HashSet<string> { "env", "replay", "learner" }, processes.Values.ToHashSet());
        Assert.Superset(new HashSet<string> { "env-0", "env-1", "replay", "learner" }, threads.Values.ToHashSet());
        Assert.All(spans, s => Assert.True(s.Dur >= 0 && s.Ts >= 0, $"{s.Name} at {s.Ts} lasting {s.Dur}"));
        Assert.All(spans.Where(s => s.Name.StartsWith("flock.env.", StringComparison.Ordinal)), s => Assert.Equal("env", processes[s.Pid]));
        Assert.All(spans.Where(s => s.Name == SpanNames.EnvStepBatch), s =>
        {
            Assert.True(s.Args.TryGetProperty(TagNames.ActorId, out _));
            Assert.True(s.Args.TryGetProperty(TagNames.WeightsVersion, out _));
            Assert.True(s.Args.TryGetProperty(TagNames.Node, out _));
        });
        Assert.All(spans.Where(s => s.Name == SpanNames.ReplayInsert), s =>
        {
            Assert.True(s.Args.GetProperty(TagNames.BatchSize).GetInt32() > 0);
            Assert.True(s.Args.GetProperty(TagNames.ReplaySize).GetInt32() > 0);
        });
    }

    [Fact]
    public void Child_spans_nest_inside_their_parent_on_the_same_track()
    {
        var (spans, _, _) = Read();
        var byId = spans.ToDictionary(s => s.SpanId);
        var children = spans.Where(s => s.Name is SpanNames.EnvInference or SpanNames.ActorSend).ToList();
        Assert.NotEmpty(children);
        foreach (var child in children)
        {
            var parent = byId[child.Parent!];
            Assert.Equal(SpanNames.EnvStepBatch, parent.Name);
            Assert.Equal((parent.Pid, parent.Tid), (child.Pid, child.Tid));
            Assert.Equal(parent.TraceId, child.TraceId);

            // Microsecond rounding of the two timestamps allows a sliver at each end.
            Assert.True(child.Ts >= parent.Ts - 0.01 && child.Ts + child.Dur <= parent.Ts + parent.Dur + 0.01,
                string.Create(CultureInfo.InvariantCulture, $"{child.Name} [{child.Ts}, +{child.Dur}] outside its parent [{parent.Ts}, +{parent.Dur}]"));
        }
    }

    [Fact]
    public void A_batch_trace_runs_from_its_actor_into_the_replay_and_updates_link_to_it()
    {
        var (spans, processes, _) = Read();
        var byId = spans.ToDictionary(s => s.SpanId);
        var inserts = spans.Where(s => s.Name == SpanNames.ReplayInsert).ToList();
        Assert.NotEmpty(inserts);
        foreach (var insert in inserts)
        {
            var producer = byId[insert.Parent!];
            Assert.Equal(SpanNames.EnvStepBatch, producer.Name);
            Assert.Equal(producer.TraceId, insert.TraceId);
            Assert.Equal("env", processes[producer.Pid]);
            Assert.Equal("replay", processes[insert.Pid]);
        }

        var updates = spans.Where(s => s.Name == SpanNames.LearnerUpdate).ToList();
        var linked = updates.Where(u => u.Links.Length > 0).ToList();
        Assert.NotEmpty(linked);
        Assert.All(linked.SelectMany(u => u.Links), link => Assert.Equal(SpanNames.EnvStepBatch, byId[link].Name));

        var samples = spans.Where(s => s.Name == SpanNames.ReplaySample && s.Parent is not null).ToList();
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Equal(SpanNames.LearnerUpdate, byId[s.Parent!].Name));
        var swaps = spans.Where(s => s.Name == SpanNames.ActorWeightsSwap).ToList();
        Assert.All(swaps, s => Assert.Equal(SpanNames.LearnerBroadcast, byId[s.Parent!].Name));
    }

    [Fact]
    public void Every_handled_message_closes_the_flow_its_sender_opened()
    {
        var (spans, _, _) = Read();
        var opened = spans.Where(s => s.Event.TryGetProperty("flow_out", out _)).ToDictionary(s => s.Event.GetProperty("bind_id").GetString()!);
        var closing = spans.Where(s => s.Event.TryGetProperty("flow_in", out _)).ToList();
        Assert.NotEmpty(closing);
        Assert.All(closing, s =>
        {
            var sender = opened[s.Event.GetProperty("bind_id").GetString()!];
            Assert.Equal(s.Parent, sender.SpanId);
            Assert.NotEqual((sender.Pid, sender.Tid), (s.Pid, s.Tid));
        });
    }

    private (List<Span> Spans, Dictionary<int, string> Processes, Dictionary<(int, int), string> Threads) Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(run.TraceFile));
        var spans = new List<Span>();
        var processes = new Dictionary<int, string>();
        var threads = new Dictionary<(int, int), string>();
        foreach (var e in document.RootElement.GetProperty("traceEvents").EnumerateArray())
        {
            var pid = e.GetProperty("pid").GetInt32();
            var tid = e.GetProperty("tid").GetInt32();
            var name = e.GetProperty("name").GetString()!;
            var args = e.GetProperty("args");
            switch (e.GetProperty("ph").GetString())
            {
                case "M" when name == "process_name":
                    processes[pid] = args.GetProperty("name").GetString()!;
                    break;
                case "M" when name == "thread_name":
                    threads[(pid, tid)] = args.GetProperty("name").GetString()!;
                    break;
                case "X":
                    var links = args.TryGetProperty("links", out var l) ? l.EnumerateArray().Select(x => x.GetProperty("span_id").GetString()!).ToArray() : [];
                    spans.Add(new Span(name, pid, tid, e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble(),
                        args.GetProperty("trace_id").GetString()!, args.GetProperty("span_id").GetString()!,
                        args.TryGetProperty("parent_span_id", out var p) ? p.GetString() : null, links, args.Clone(), e.Clone()));
                    break;
            }
        }

        return (spans, processes, threads);
    }
}
