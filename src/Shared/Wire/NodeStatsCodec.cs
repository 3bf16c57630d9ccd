using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="NodeStats"/> payload, 9 fields: NodeId str, NonZeroRewards int (≥ 0), then the seven
/// <see cref="ActorStats"/> fields inline, with the same rules.
/// </summary>
internal readonly struct NodeStatsCodec : IWireCodec<NodeStats>
{
    public static WireMessageType Type => WireMessageType.NodeStats;

    public static int FieldCount => 2 + ActorStatsCodec.FieldCount;

    public static long PayloadLength(NodeStats message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Stats, nameof(message));
        return WireWriter.StringLength(WireWriter.Utf8Length(message.NodeId, nameof(message)))
            + WireWriter.Int64Length + ActorStatsCodec.FieldsLength;
    }

    public static void Write(NodeStats message, ref WireWriter writer)
    {
        writer.WriteString(message.NodeId, WireWriter.Utf8Length(message.NodeId, nameof(message)));
        writer.WriteInt64(message.NonZeroRewards);
        ActorStatsCodec.Write(message.Stats, ref writer);
    }

    public static NodeStats Read(ref WireReader reader, WireLimits limits, NodeStats? reuse)
    {
        var nodeId = reader.ReadString("NodeStats.NodeId", limits.MaxStringBytes, nameof(WireLimits.MaxStringBytes));
        WireChecks.RequireNotEmpty("NodeStats.NodeId", nodeId);
        var nonZeroRewards = reader.ReadInt64("NodeStats.NonZeroRewards");
        WireChecks.RequireNonNegative("NodeStats.NonZeroRewards", nonZeroRewards);
        return new NodeStats(nodeId, nonZeroRewards, ActorStatsCodec.Read(ref reader, ActorStatsCodec.InNodeStats));
    }
}
