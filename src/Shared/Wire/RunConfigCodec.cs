namespace Flock.Shared.Wire;

/// <summary><see cref="RunConfigEnvelope"/> payload, 1 field: Json as a UTF-8 str, bounded by <see cref="WireLimits.MaxConfigBytes"/>.</summary>
internal readonly struct RunConfigCodec : IWireCodec<RunConfigEnvelope>
{
    public static WireMessageType Type => WireMessageType.RunConfig;

    public static int FieldCount => 1;

    public static long PayloadLength(RunConfigEnvelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WireWriter.StringLength(WireWriter.Utf8Length(message.Json, nameof(message)));
    }

    public static void Write(RunConfigEnvelope message, ref WireWriter writer) =>
        writer.WriteString(message.Json, WireWriter.Utf8Length(message.Json, nameof(message)));

    public static RunConfigEnvelope Read(ref WireReader reader, WireLimits limits, RunConfigEnvelope? reuse) =>
        new(reader.ReadString("RunConfig.Json", limits.MaxConfigBytes, nameof(WireLimits.MaxConfigBytes)));
}
