using System.Text;
using System.Text.Json;

namespace Flock.Actors.Report;

/// <summary>One complete span of a Chrome trace file, on the track of its actor.</summary>
public sealed record TraceSpan(string Name, string Role, string Actor, double Start, double Duration, int Depth, string Tooltip)
{
    public double End => Start + Duration;
}

/// <summary>Time one kind of span took within its role: total (wall) and self (minus nested spans), in µs.</summary>
public sealed record SpanTime(string Role, string Name, long Count, double TotalMicros, double SelfMicros);

/// <summary>
/// A Chrome trace-event file as written by <c>ChromeTraceExporter</c>, read back for the report: the spans by
/// actor track with their nesting depth, and the time per role and span name. A file cut short by a crash
/// (no closing brackets) is read up to its last complete event.
/// </summary>
public sealed class TraceProfile
{
    private TraceProfile(IReadOnlyList<TraceSpan> spans) => Spans = spans;

    /// <summary>Every span, ordered by track (role, actor) and start.</summary>
    public IReadOnlyList<TraceSpan> Spans { get; }

    public static TraceProfile Load(string path)
    {
        using var document = Parse(path);
        if (!document.RootElement.TryGetProperty("traceEvents", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            throw new ReportInputException($"{path}: no traceEvents array; is this a Chrome trace-event file?");
        }

        var processes = new Dictionary<int, string>();
        var threads = new Dictionary<(int, int), string>();
        var raw = new List<(string Name, int Pid, int Tid, double Ts, double Dur, string Tooltip)>();
        foreach (var e in events.EnumerateArray())
        {
            var ph = e.TryGetProperty("ph", out var p) ? p.GetString() : null;
            var pid = e.TryGetProperty("pid", out var pidValue) ? pidValue.GetInt32() : 0;
            var tid = e.TryGetProperty("tid", out var tidValue) ? tidValue.GetInt32() : 0;
            var name = e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            if (ph == "M" && e.TryGetProperty("args", out var meta) && meta.TryGetProperty("name", out var label))
            {
                if (name == "process_name")
                {
                    processes[pid] = label.GetString() ?? "";
                }
                else if (name == "thread_name")
                {
                    threads[(pid, tid)] = label.GetString() ?? "";
                }
            }
            else if (ph == "X")
            {
                raw.Add((name, pid, tid, e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble(), Tooltip(name, e)));
            }
        }

        var spans = new List<TraceSpan>(raw.Count);
        foreach (var track in raw.GroupBy(r => (r.Pid, r.Tid)))
        {
            var role = processes.GetValueOrDefault(track.Key.Pid, $"pid {track.Key.Pid}");
            var actor = threads.GetValueOrDefault(track.Key, $"tid {track.Key.Tid}");
            var open = new Stack<double>();
            foreach (var r in track.OrderBy(r => r.Ts).ThenByDescending(r => r.Dur))
            {
                while (open.Count > 0 && open.Peek() <= r.Ts)
                {
                    open.Pop();
                }

                spans.Add(new TraceSpan(r.Name, role, actor, r.Ts, r.Dur, open.Count, r.Tooltip));
                open.Push(r.Ts + r.Dur);
            }
        }

        return new TraceProfile(spans);
    }

    /// <summary>Count, total and self time per role and span name; self time subtracts the spans nested inside.</summary>
    public IReadOnlyList<SpanTime> TimeByRole()
    {
        var self = new Dictionary<(string Role, string Name), (long Count, double Total, double Self)>();
        foreach (var track in Spans.GroupBy(s => (s.Role, s.Actor)))
        {
            var list = track.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var span = list[i];
                var nested = 0.0;
                for (var j = i + 1; j < list.Count && list[j].Start < span.End; j++)
                {
                    if (list[j].Depth == span.Depth + 1)
                    {
                        nested += Math.Min(list[j].End, span.End) - list[j].Start;
                    }
                }

                var key = (span.Role, span.Name);
                var (count, total, own) = self.GetValueOrDefault(key);
                self[key] = (count + 1, total + span.Duration, own + Math.Max(0, span.Duration - nested));
            }
        }

        return [.. self.Select(kv => new SpanTime(kv.Key.Role, kv.Key.Name, kv.Value.Count, kv.Value.Total, kv.Value.Self))
            .OrderBy(t => RoleOrder(t.Role)).ThenByDescending(t => t.SelfMicros)];
    }

    private static int RoleOrder(string role) => role switch
    {
        "env" => 0,
        "replay" => 1,
        "learner" => 2,
        _ => 3,
    };

    private static string Tooltip(string name, JsonElement e)
    {
        var text = new StringBuilder(name);
        text.Append(FormattableString.Invariant($" — {e.GetProperty("dur").GetDouble():0.#} µs"));
        if (e.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Object)
        {
            foreach (var arg in args.EnumerateObject())
            {
                text.Append('\n').Append(arg.Name).Append(": ");
                text.Append(arg.Value.ValueKind == JsonValueKind.Array ? $"{arg.Value.GetArrayLength()} links" : arg.Value.ToString());
            }
        }

        return text.ToString();
    }

    private static JsonDocument Parse(string path)
    {
        var options = new JsonDocumentOptions { AllowTrailingCommas = true };
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, options);
        }
        catch (JsonException)
        {
            // Written by a run that did not get to close the array: keep every complete event.
            var text = File.ReadAllText(path);
            var lastEvent = text.LastIndexOf('}');
            if (lastEvent < 0)
            {
                throw new ReportInputException($"{path}: not a Chrome trace-event JSON file");
            }

            try
            {
                return JsonDocument.Parse(string.Concat(text.AsSpan(0, lastEvent + 1), "]}"), options);
            }
            catch (JsonException e)
            {
                throw new ReportInputException($"{path}: not a readable Chrome trace-event JSON file ({e.Message})");
            }
        }
    }
}
