using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="Heartbeat"/> payload, 8 fields: NodeId str, ProtocolVersion int, Actors int, TransitionsSent int,
/// WeightsVersion int, UnixTimeMilliseconds int, ActorIds (bin of i32, empty when null), TransitionsLost int.
/// </summary>
internal readonly struct HeartbeatCodec : IWireCodec<Heartbeat>
{
    public static WireMessageType Type => WireMessageType.Heartbeat;

    public static int FieldCount => 8;

    public static long PayloadLength(Heartbeat message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WireWriter.StringLength(WireWriter.Utf8Length(message.NodeId, nameof(message)))
            + (2 * WireWriter.Int32Length) + (4 * WireWriter.Int64Length)
            + WireWriter.BinLength((long)(message.ActorIds?.Length ?? 0) * sizeof(int));
    }

    public static void Write(Heartbeat message, ref WireWriter writer)
    {
        writer.WriteString(message.NodeId, WireWriter.Utf8Length(message.NodeId, nameof(message)));
        writer.WriteInt32(message.ProtocolVersion);
        writer.WriteInt32(message.Actors);
        writer.WriteInt64(message.TransitionsSent);
        writer.WriteInt64(message.WeightsVersion);
        writer.WriteInt64(message.UnixTimeMilliseconds);
        writer.WriteArray(message.ActorIds);
        writer.WriteInt64(message.TransitionsLost);
    }

    public static Heartbeat Read(ref WireReader reader, WireLimits limits, Heartbeat? reuse)
    {
        var nodeId = reader.ReadString("Heartbeat.NodeId", limits.MaxStringBytes, nameof(WireLimits.MaxStringBytes));
        WireChecks.RequireNotEmpty("Heartbeat.NodeId", nodeId);
        var protocolVersion = reader.ReadInt32("Heartbeat.ProtocolVersion");
        var actors = reader.ReadInt32("Heartbeat.Actors");
        WireChecks.RequireNonNegative("Heartbeat.Actors", actors);
        var transitionsSent = reader.ReadInt64("Heartbeat.TransitionsSent");
        WireChecks.RequireNonNegative("Heartbeat.TransitionsSent", transitionsSent);
        var weightsVersion = reader.ReadInt64("Heartbeat.WeightsVersion");
        var unixTimeMilliseconds = reader.ReadInt64("Heartbeat.UnixTimeMilliseconds");
        var actorIds = reader.ReadNonNegativeInts("Heartbeat.ActorIds", limits.MaxActors, nameof(WireLimits.MaxActors));
        var transitionsLost = reader.ReadInt64("Heartbeat.TransitionsLost");
        WireChecks.RequireNonNegative("Heartbeat.TransitionsLost", transitionsLost);
        return new Heartbeat(nodeId, protocolVersion, actors, transitionsSent, weightsVersion, unixTimeMilliseconds, actorIds, transitionsLost);
    }
}
