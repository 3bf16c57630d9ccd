using System.Diagnostics;
using System.Globalization;

namespace Flock.Shared.Wire;

/// <summary>
/// W3C trace context on the wire, one 25-byte <c>bin</c>: 16-byte trace id, 8-byte span id, 1 byte of trace flags; 25 zero bytes mean
/// "no trace". Trace state is not carried (Flock never sets it). A context missing either id is not a valid
/// parent, so it is sent as "no trace", as the W3C propagators do.
/// </summary>
internal static class TraceContextCodec
{
    private const int TraceIdSize = 16;
    private const int SpanIdSize = 8;

    /// <summary>Bytes the field takes: a bin8 header and the context.</summary>
    public static long Length => WireWriter.BinLength(WireProtocol.TraceContextSize);

    public static void Write(ref WireWriter writer, in ActivityContext context)
    {
        var bytes = writer.ReserveBin(WireProtocol.TraceContextSize);
        if (context.TraceId == default || context.SpanId == default)
        {
            bytes.Clear();
            return;
        }

        context.TraceId.CopyTo(bytes[..TraceIdSize]);
        context.SpanId.CopyTo(bytes.Slice(TraceIdSize, SpanIdSize));
        bytes[TraceIdSize + SpanIdSize] = (byte)context.TraceFlags;
    }

    /// <summary>Reads a trace context; a decoded one is marked remote, since it came from another process.</summary>
    public static ActivityContext Read(ref WireReader reader, string field)
    {
        var bytes = reader.ReadBin(field);
        if (bytes.Length != WireProtocol.TraceContextSize)
        {
            throw WireErrors.LengthMismatch(field, bytes.Length, "a trace context (trace id, span id, flags)", WireProtocol.TraceContextSize);
        }

        var traceId = bytes[..TraceIdSize];
        var spanId = bytes.Slice(TraceIdSize, SpanIdSize);
        var flags = bytes[TraceIdSize + SpanIdSize];
        var hasTraceId = traceId.ContainsAnyExcept((byte)0);
        var hasSpanId = spanId.ContainsAnyExcept((byte)0);

        if (!hasTraceId && !hasSpanId)
        {
            if (flags != 0)
            {
                throw WireErrors.Invalid(field + ".Flags", flags.ToString(CultureInfo.InvariantCulture), "must be 0 when the trace and span ids are all zero (no trace)");
            }

            return default;
        }

        if (!hasTraceId)
        {
            throw WireErrors.Invalid(field + ".TraceId", Convert.ToHexStringLower(traceId), "must not be all zero when a span id is set");
        }

        if (!hasSpanId)
        {
            throw WireErrors.Invalid(field + ".SpanId", Convert.ToHexStringLower(spanId), "must not be all zero when a trace id is set");
        }

        return new ActivityContext(
            ActivityTraceId.CreateFromBytes(traceId),
            ActivitySpanId.CreateFromBytes(spanId),
            (ActivityTraceFlags)flags,
            traceState: null,
            isRemote: true);
    }
}
