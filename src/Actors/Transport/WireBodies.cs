using System.Buffers;
using Flock.Shared.Wire;

namespace Flock.Actors.Transport;

/// <summary>Encodes wire messages into pooled buffers for <see cref="ControlSender"/>.</summary>
public static class WireBodies
{
    public static (byte[] Body, int Length) Encode(object message)
    {
        var length = WireCodec.GetEncodedLength(message);
        var body = ArrayPool<byte>.Shared.Rent(length);
        WireCodec.Encode(message, body.AsSpan(0, length));
        return (body, length);
    }
}
