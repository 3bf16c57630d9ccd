using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="Heartbeat"/> payload: NodeId (UTF-8, length-prefixed), ProtocolVersion i32, Actors i32,
/// TransitionsSent i64, WeightsVersion i64, UnixTimeMilliseconds i64.
/// </summary>
internal readonly struct HeartbeatCodec : IWireCodec<Heartbeat>
{
    public static WireMessageType Type => WireMessageType.Heartbeat;

    public static long PayloadLength(Heartbeat message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return sizeof(int) + WireWriter.Utf8Length(message.NodeId, nameof(message))
            + (2 * sizeof(int)) + (3 * sizeof(long));
    }

    public static void Write(Heartbeat message, ref WireWriter writer)
    {
        writer.WriteString(message.NodeId, WireWriter.Utf8Length(message.NodeId, nameof(message)));
        writer.WriteInt32(message.ProtocolVersion);
        writer.WriteInt32(message.Actors);
        writer.WriteInt64(message.TransitionsSent);
        writer.WriteInt64(message.WeightsVersion);
        writer.WriteInt64(message.UnixTimeMilliseconds);
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
        return new Heartbeat(nodeId, protocolVersion, actors, transitionsSent, weightsVersion, unixTimeMilliseconds);
    }
}
