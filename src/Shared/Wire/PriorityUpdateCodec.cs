using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="PriorityUpdate"/> payload, 3 fields: Count int, Keys (bin of Count i64), Priorities (bin of Count
/// f32), first Count rows only. Priorities must be finite and ≥ 0: they become sum-tree leaves in the replay,
/// where one NaN or negative value corrupts every sample drawn afterwards.
/// </summary>
internal readonly struct PriorityUpdateCodec : IWireCodec<PriorityUpdate>
{
    private const string RowsExpectation = "PriorityUpdate.Count";

    public static WireMessageType Type => WireMessageType.PriorityUpdate;

    public static int FieldCount => 3;

    public static long PayloadLength(PriorityUpdate message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Count < 0 || message.Count > message.Keys.Length || message.Count > message.Priorities.Length)
        {
            throw new ArgumentException(
                $"Count {message.Count} does not fit Keys ({message.Keys.Length}) and Priorities ({message.Priorities.Length}).",
                nameof(message));
        }

        return WireWriter.Int32Length
            + WireWriter.BinLength((long)message.Count * sizeof(long))
            + WireWriter.BinLength((long)message.Count * sizeof(float));
    }

    public static void Write(PriorityUpdate message, ref WireWriter writer)
    {
        writer.WriteInt32(message.Count);
        writer.WriteArray(message.Keys.AsSpan(0, message.Count));
        writer.WriteArray(message.Priorities.AsSpan(0, message.Count));
    }

    public static PriorityUpdate Read(ref WireReader reader, WireLimits limits, PriorityUpdate? reuse)
    {
        var count = reader.ReadLength("PriorityUpdate.Count", limits.MaxBatch, nameof(WireLimits.MaxBatch));
        var needed = (long)count * (sizeof(long) + sizeof(float));
        if (needed > reader.Remaining)
        {
            throw WireErrors.ArraysTruncated("PriorityUpdate.Count", count, needed, reader.Remaining);
        }

        var keys = reuse is not null && reuse.Keys.Length >= count ? reuse.Keys : new long[count];
        var priorities = reuse is not null && reuse.Priorities.Length >= count ? reuse.Priorities : new float[count];

        reader.ReadArray("PriorityUpdate.Keys", keys.AsSpan(0, count), RowsExpectation);
        reader.ReadArrayWithin("PriorityUpdate.Priorities", priorities.AsSpan(0, count), RowsExpectation, 0f, float.MaxValue, WireChecks.NonNegativeFinite);

        return new PriorityUpdate(count, keys, priorities);
    }
}
