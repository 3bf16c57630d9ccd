using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="JoinGrant"/> payload, 2 fields: ConfigJson str (at most <see cref="WireLimits.MaxConfigBytes"/>),
/// ActorIds (bin of i32, at most <see cref="WireLimits.MaxActors"/>, each ≥ 0).
/// </summary>
internal readonly struct JoinGrantCodec : IWireCodec<JoinGrant>
{
    public static WireMessageType Type => WireMessageType.JoinGrant;

    public static int FieldCount => 2;

    public static long PayloadLength(JoinGrant message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.ActorIds, nameof(message));
        return WireWriter.StringLength(WireWriter.Utf8Length(message.ConfigJson, nameof(message)))
            + WireWriter.BinLength((long)message.ActorIds.Length * sizeof(int));
    }

    public static void Write(JoinGrant message, ref WireWriter writer)
    {
        writer.WriteString(message.ConfigJson, WireWriter.Utf8Length(message.ConfigJson, nameof(message)));
        writer.WriteArray(message.ActorIds);
    }

    public static JoinGrant Read(ref WireReader reader, WireLimits limits, JoinGrant? reuse)
    {
        var configJson = reader.ReadString("JoinGrant.ConfigJson", limits.MaxConfigBytes, nameof(WireLimits.MaxConfigBytes));
        var actorIds = reader.ReadNonNegativeInts("JoinGrant.ActorIds", limits.MaxActors, nameof(WireLimits.MaxActors));
        return new JoinGrant(configJson, actorIds);
    }
}
