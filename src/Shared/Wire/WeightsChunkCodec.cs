using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="WeightsChunk"/> payload, 4 fields: Version int (≥ 0), Index int, Count int (1 ≤ Count ≤
/// <see cref="WireLimits.MaxChunks"/>, 0 ≤ Index &lt; Count), Bytes bin (at most <see cref="WireLimits.MaxChunkBytes"/>).
/// The bytes are opaque here: they are a slice of an encoded WeightSnapshot, validated when the whole is decoded.
/// </summary>
internal readonly struct WeightsChunkCodec : IWireCodec<WeightsChunk>
{
    public static WireMessageType Type => WireMessageType.WeightsChunk;

    public static int FieldCount => 4;

    public static long PayloadLength(WeightsChunk message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Bytes, nameof(message));
        return WireWriter.Int64Length + (2 * WireWriter.Int32Length) + WireWriter.BinLength(message.Bytes.Length);
    }

    public static void Write(WeightsChunk message, ref WireWriter writer)
    {
        writer.WriteInt64(message.Version);
        writer.WriteInt32(message.Index);
        writer.WriteInt32(message.Count);
        writer.WriteBin(message.Bytes);
    }

    public static WeightsChunk Read(ref WireReader reader, WireLimits limits, WeightsChunk? reuse)
    {
        var version = reader.ReadInt64("WeightsChunk.Version");
        WireChecks.RequireNonNegative("WeightsChunk.Version", version);
        var index = reader.ReadInt32("WeightsChunk.Index");
        var count = reader.ReadInt32("WeightsChunk.Count");
        if (count < 1 || count > limits.MaxChunks)
        {
            throw WireErrors.OutOfRange("WeightsChunk.Count", count, $"in [1, WireLimits.MaxChunks = {limits.MaxChunks}]");
        }

        if (index < 0 || index >= count)
        {
            throw WireErrors.OutOfRange("WeightsChunk.Index", index, $"in [0, Count = {count})");
        }

        var bytes = reader.ReadBin("WeightsChunk.Bytes");
        if (bytes.Length > limits.MaxChunkBytes)
        {
            throw WireErrors.OverLimit("WeightsChunk.Bytes", bytes.Length, nameof(WireLimits.MaxChunkBytes), limits.MaxChunkBytes);
        }

        return new WeightsChunk(version, index, count, bytes.ToArray());
    }
}
