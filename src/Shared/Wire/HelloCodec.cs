using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary><see cref="Hello"/> payload, 4 fields: NodeId str, ProtocolVersion int, Actors int, EnvsPerActor int.</summary>
internal readonly struct HelloCodec : IWireCodec<Hello>
{
    public static WireMessageType Type => WireMessageType.Hello;

    public static int FieldCount => 4;

    public static long PayloadLength(Hello message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WireWriter.StringLength(WireWriter.Utf8Length(message.NodeId, nameof(message))) + (3 * WireWriter.Int32Length);
    }

    public static void Write(Hello message, ref WireWriter writer)
    {
        writer.WriteString(message.NodeId, WireWriter.Utf8Length(message.NodeId, nameof(message)));
        writer.WriteInt32(message.ProtocolVersion);
        writer.WriteInt32(message.Actors);
        writer.WriteInt32(message.EnvsPerActor);
    }

    public static Hello Read(ref WireReader reader, WireLimits limits, Hello? reuse)
    {
        var nodeId = reader.ReadString("Hello.NodeId", limits.MaxStringBytes, nameof(WireLimits.MaxStringBytes));
        WireChecks.RequireNotEmpty("Hello.NodeId", nodeId);

        // Carried as sent: comparing it with the header's version is the coordinator's call, not the codec's.
        var protocolVersion = reader.ReadInt32("Hello.ProtocolVersion");
        var actors = reader.ReadInt32("Hello.Actors");
        WireChecks.RequireNonNegative("Hello.Actors", actors);
        var envsPerActor = reader.ReadInt32("Hello.EnvsPerActor");
        WireChecks.RequireNonNegative("Hello.EnvsPerActor", envsPerActor);
        return new Hello(nodeId, protocolVersion, actors, envsPerActor);
    }
}
