using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary><see cref="InsertAck"/> payload: no fields; the header alone says it.</summary>
internal readonly struct InsertAckCodec : IWireCodec<InsertAck>
{
    public static WireMessageType Type => WireMessageType.InsertAck;

    public static int FieldCount => 0;

    public static long PayloadLength(InsertAck message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return 0;
    }

    public static void Write(InsertAck message, ref WireWriter writer)
    {
    }

    public static InsertAck Read(ref WireReader reader, WireLimits limits, InsertAck? reuse) => InsertAck.Instance;
}
