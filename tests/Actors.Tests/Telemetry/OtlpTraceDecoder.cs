using System.Text;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>
/// Reads the spans out of OTLP/HTTP protobuf trace bodies (ExportTraceServiceRequest) with a minimal protobuf
/// reader: the exporter has no protobuf types to share, and the test needs ids, parents, links, span attributes
/// and the resource each span came from, not just names found in the raw bytes.
/// </summary>
public static class OtlpTraceDecoder
{
    /// <summary>
    /// One span: ids in lower-case hex, its links as (trace id, span id), its attributes and the attributes of
    /// the resource (service.name, service.instance.id, …) that exported it, all as text.
    /// </summary>
    public sealed record Span(
        string Name, string TraceId, string SpanId, string? ParentSpanId, IReadOnlyList<(string TraceId, string SpanId)> Links,
        IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource)
    {
        public string? Service => Resource.GetValueOrDefault("service.name");
    }

    public static List<Span> Decode(IEnumerable<byte[]> bodies)
    {
        var spans = new List<Span>();
        foreach (var body in bodies)
        {
            // ExportTraceServiceRequest: 1 = repeated ResourceSpans.
            foreach (var (field, value) in Fields(body))
            {
                if (field == 1)
                {
                    ReadResourceSpans(value, spans);
                }
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlyMemory<byte> message, List<Span> spans)
    {
        // ResourceSpans: 1 = Resource (1 = repeated KeyValue attributes), 2 = repeated ScopeSpans.
        var resource = new Dictionary<string, string>();
        var scopes = new List<ReadOnlyMemory<byte>>();
        foreach (var (field, value) in Fields(message))
        {
            if (field == 1)
            {
                ReadAttributes(value, 1, resource);
            }
            else if (field == 2)
            {
                scopes.Add(value);
            }
        }

        foreach (var scope in scopes)
        {
            // ScopeSpans: 2 = repeated Span.
            foreach (var (field, value) in Fields(scope))
            {
                if (field == 2)
                {
                    spans.Add(ReadSpan(value, resource));
                }
            }
        }
    }

    private static Span ReadSpan(ReadOnlyMemory<byte> message, IReadOnlyDictionary<string, string> resource)
    {
        // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 9 repeated attributes, 13 repeated Link (1 trace_id, 2 span_id).
        string name = "", traceId = "", spanId = "";
        string? parent = null;
        var links = new List<(string, string)>();
        var attributes = new Dictionary<string, string>();
        foreach (var (field, value) in Fields(message))
        {
            switch (field)
            {
                case 1: traceId = Hex(value); break;
                case 2: spanId = Hex(value); break;
                case 4 when value.Length > 0: parent = Hex(value); break;
                case 5: name = Encoding.UTF8.GetString(value.Span); break;
                case 9: ReadKeyValue(value, attributes); break;
                case 13:
                    string linkTrace = "", linkSpan = "";
                    foreach (var (f, v) in Fields(value))
                    {
                        if (f == 1)
                        {
                            linkTrace = Hex(v);
                        }
                        else if (f == 2)
                        {
                            linkSpan = Hex(v);
                        }
                    }

                    links.Add((linkTrace, linkSpan));
                    break;
            }
        }

        return new Span(name, traceId, spanId, parent, links, attributes, resource);
    }

    private static void ReadAttributes(ReadOnlyMemory<byte> message, int field, Dictionary<string, string> into)
    {
        foreach (var (f, value) in Fields(message))
        {
            if (f == field)
            {
                ReadKeyValue(value, into);
            }
        }
    }

    /// <summary>KeyValue: 1 key, 2 AnyValue (1 string, 2 bool, 3 int, 4 double); non-string values are kept as their decimal text.</summary>
    private static void ReadKeyValue(ReadOnlyMemory<byte> message, Dictionary<string, string> into)
    {
        string? key = null, text = null;
        foreach (var (field, value) in Fields(message))
        {
            if (field == 1)
            {
                key = Encoding.UTF8.GetString(value.Span);
            }
            else if (field == 2)
            {
                foreach (var (kind, v) in Fields(value))
                {
                    text = kind switch
                    {
                        1 => Encoding.UTF8.GetString(v.Span),
                        2 or 3 => Varint(v.Span, out _).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        4 => BitConverter.ToDouble(v.Span).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => text,
                    };
                }
            }
        }

        if (key is not null && text is not null)
        {
            into[key] = text;
        }
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    /// <summary>
    /// The fields of one message in order: for length-delimited ones the payload, for varints their bytes, for
    /// fixed32/fixed64 their 4 or 8 bytes.
    /// </summary>
    private static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span[position..], out var tagLength);
            position += tagLength;
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(message.Span[position..], out var varintLength);
                    yield return (field, message.Slice(position, varintLength));
                    position += varintLength;
                    break;
                case 1:
                    yield return (field, message.Slice(position, 8));
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span[position..], out var lengthLength);
                    position += lengthLength;
                    yield return (field, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return (field, message.Slice(position, 4));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"protobuf wire type {tag & 7} of field {field} at byte {position} is not one OTLP uses");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, out int length)
    {
        ulong value = 0;
        for (length = 0; length < 10; length++)
        {
            var b = bytes[length];
            value |= (ulong)(b & 0x7F) << (7 * length);
            if ((b & 0x80) == 0)
            {
                length++;
                return value;
            }
        }

        throw new FormatException("protobuf varint longer than 10 bytes");
    }
}
