using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary><see cref="JoinRefused"/> payload, 1 field: Reason str, at most <see cref="WireLimits.MaxReasonBytes"/>.</summary>
internal readonly struct JoinRefusedCodec : IWireCodec<JoinRefused>
{
    public static WireMessageType Type => WireMessageType.JoinRefused;

    public static int FieldCount => 1;

    public static long PayloadLength(JoinRefused message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WireWriter.StringLength(WireWriter.Utf8Length(message.Reason, nameof(message)));
    }

    public static void Write(JoinRefused message, ref WireWriter writer) =>
        writer.WriteString(message.Reason, WireWriter.Utf8Length(message.Reason, nameof(message)));

    public static JoinRefused Read(ref WireReader reader, WireLimits limits, JoinRefused? reuse) =>
        new(reader.ReadString("JoinRefused.Reason", limits.MaxReasonBytes, nameof(WireLimits.MaxReasonBytes)));
}
