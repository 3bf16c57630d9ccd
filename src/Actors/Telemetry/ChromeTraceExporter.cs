using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Flock.Shared.Telemetry;
using OpenTelemetry;

namespace Flock.Actors.Telemetry;

/// <summary>
/// Writes recorded spans as Chrome trace-event JSON, which Perfetto UI and chrome://tracing open: one process
/// per role and one thread per actor (named by "M" metadata events), each span a complete "X" event with
/// ts/dur in microseconds since the exporter started and its trace, span, parent and link ids in args. Spans
/// of one actor nest because they nest in time on its track. A message's journey to another actor is drawn
/// as a flow arrow: spans that send (a step batch, an update, a broadcast) open a flow named by their span
/// id, and the spans that handle what they sent (insert, sample, weights swap) close it by their parent's.
/// Flushed after every export batch, so a run that dies leaves a readable prefix (both viewers accept an
/// unterminated event array).
/// </summary>
public sealed class ChromeTraceExporter : BaseExporter<Activity>
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;
    private readonly DateTime _origin;
    private readonly Dictionary<string, int> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Pid, string Actor), int> _threads = [];
    private readonly Lock _gate = new();
    private bool _closed;

    public ChromeTraceExporter(string path, DateTime originUtc)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _json = new Utf8JsonWriter(_file, WriterOptions);
        _origin = originUtc;
        _json.WriteStartObject();
        _json.WriteString("displayTimeUnit", "ms");
        _json.WriteStartArray("traceEvents");
        _json.Flush();
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return ExportResult.Failure;
            }

            foreach (var activity in batch)
            {
                WriteSpan(activity);
            }

            _json.Flush();
            return ExportResult.Success;
        }
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                _json.WriteEndArray();
                _json.WriteEndObject();
                _json.Flush();
                _file.Flush(flushToDisk: false);
            }
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            OnShutdown(0);
            _json.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void WriteSpan(Activity activity)
    {
        var role = activity.GetTagItem(TagNames.Role) as string ?? "flock";
        var actor = activity.GetTagItem(TagNames.Actor) as string ?? role;
        var (pid, tid) = Track(role, actor);
        _json.WriteStartObject();
        _json.WriteString("name", activity.DisplayName);
        _json.WriteString("cat", role);
        _json.WriteString("ph", "X");
        _json.WriteNumber("ts", Math.Round((activity.StartTimeUtc - _origin).TotalMicroseconds, 3));
        _json.WriteNumber("dur", Math.Round(activity.Duration.TotalMicroseconds, 3));
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        WriteFlow(activity);
        _json.WriteStartObject("args");
        _json.WriteString("trace_id", activity.TraceId.ToHexString());
        _json.WriteString("span_id", activity.SpanId.ToHexString());
        if (activity.ParentSpanId != default)
        {
            _json.WriteString("parent_span_id", activity.ParentSpanId.ToHexString());
        }

        WriteLinks(activity);
        foreach (var tag in activity.TagObjects)
        {
            if (tag.Key is TagNames.Role or TagNames.Actor)
            {
                continue;
            }

            switch (tag.Value)
            {
                case long l:
                    _json.WriteNumber(tag.Key, l);
                    break;
                case int i:
                    _json.WriteNumber(tag.Key, i);
                    break;
                case double d when double.IsFinite(d):
                    _json.WriteNumber(tag.Key, d);
                    break;
                case bool b:
                    _json.WriteBoolean(tag.Key, b);
                    break;
                case { } other:
                    _json.WriteString(tag.Key, other.ToString());
                    break;
            }
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    /// <summary>Trace-event flows, version 2: the ids are the 64-bit span ids in hex, which Perfetto parses as such.</summary>
    private void WriteFlow(Activity activity)
    {
        switch (activity.OperationName)
        {
            case SpanNames.EnvStepBatch or SpanNames.LearnerUpdate or SpanNames.LearnerBroadcast:
                _json.WriteString("bind_id", activity.SpanId.ToHexString());
                _json.WriteBoolean("flow_out", true);
                break;
            case SpanNames.ReplayInsert or SpanNames.ReplaySample or SpanNames.ActorWeightsSwap when activity.ParentSpanId != default:
                _json.WriteString("bind_id", activity.ParentSpanId.ToHexString());
                _json.WriteBoolean("flow_in", true);
                break;
        }
    }

    private void WriteLinks(Activity activity)
    {
        var any = false;
        foreach (var link in activity.Links)
        {
            if (!any)
            {
                _json.WriteStartArray("links");
                any = true;
            }

            _json.WriteStartObject();
            _json.WriteString("trace_id", link.Context.TraceId.ToHexString());
            _json.WriteString("span_id", link.Context.SpanId.ToHexString());
            _json.WriteEndObject();
        }

        if (any)
        {
            _json.WriteEndArray();
        }
    }

    /// <summary>The pid of the role and tid of the actor, announcing each with a naming event the first time.</summary>
    private (int Pid, int Tid) Track(string role, string actor)
    {
        if (!_processes.TryGetValue(role, out var pid))
        {
            pid = _processes.Count + 1;
            _processes[role] = pid;
            WriteMetadata("process_name", pid, 0, role);
            WriteSortIndex("process_sort_index", pid, 0, RoleOrder(role));
        }

        if (!_threads.TryGetValue((pid, actor), out var tid))
        {
            tid = _threads.Count + 1;
            _threads[(pid, actor)] = tid;
            WriteMetadata("thread_name", pid, tid, actor);
        }

        return (pid, tid);
    }

    private void WriteMetadata(string name, int pid, int tid, string value)
    {
        _json.WriteStartObject();
        _json.WriteString("name", name);
        _json.WriteString("ph", "M");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteStartObject("args");
        _json.WriteString("name", value);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteSortIndex(string name, int pid, int tid, int index)
    {
        _json.WriteStartObject();
        _json.WriteString("name", name);
        _json.WriteString("ph", "M");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteStartObject("args");
        _json.WriteNumber("sort_index", index);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    /// <summary>Tracks follow the data loop: actors, replay, learner, then the rest.</summary>
    private static int RoleOrder(string role) => role switch
    {
        "env" => 1,
        "replay" => 2,
        "learner" => 3,
        "evaluator" => 4,
        _ => 5,
    };
}
