using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="TransitionBatch"/> payload, 13 fields: SourceActor int, WeightsVersion int, Count int, ObsDim int,
/// Encoding int (<see cref="ObservationEncoding"/>: 0 float32, 1 uint8), Trace (bin 25), then seven <c>bin</c>s
/// holding only the first Count rows as raw little-endian values: Observations (Count×ObsDim elements of the
/// encoding: 4 bytes each for float32, 1 for uint8), Actions (i32), Rewards (f32), NextObservations (as
/// Observations), Discounts (f32), Terminated (1 byte each, 0 or 1), InitialPriorities (f32). Each bin's length
/// must be exactly what Count, ObsDim and Encoding give. Arrays are copied in bulk, never per transition.
/// </summary>
internal readonly struct TransitionBatchCodec : IWireCodec<TransitionBatch>
{
    private const int FixedFieldsSize =
        WireWriter.Int32Length + WireWriter.Int64Length + WireWriter.Int32Length + WireWriter.Int32Length + WireWriter.Int32Length;

    // Bytes per transition outside the observations: action, reward, discount, priority, terminated flag.
    private const int RowScalarsSize = sizeof(int) + sizeof(float) + sizeof(float) + sizeof(float) + sizeof(byte);

    private const string RowsExpectation = "TransitionBatch.Count";
    private const string ObservationExpectation = "TransitionBatch.Count × ObsDim";

    public static WireMessageType Type => WireMessageType.TransitionBatch;

    public static int FieldCount => 13;

    public static long PayloadLength(TransitionBatch message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ObsDim < 1)
        {
            throw new ArgumentException($"ObsDim is {message.ObsDim}; it must be ≥ 1.", nameof(message));
        }

        if (!Enum.IsDefined(message.Encoding))
        {
            throw new ArgumentException($"Encoding is {(int)message.Encoding}; it must be an {nameof(ObservationEncoding)}.", nameof(message));
        }

        var count = message.Count;
        var observationElements = (long)count * message.ObsDim;
        if (count < 0
            || count > message.Actions.Length
            || count > message.Rewards.Length
            || count > message.Discounts.Length
            || count > message.Terminated.Length
            || count > message.InitialPriorities.Length
            || observationElements > message.ObservationCapacity)
        {
            throw new ArgumentException(
                $"Count {count} does not fit the batch's arrays (capacity {message.Capacity}, ObsDim {message.ObsDim}, {message.Encoding}).",
                nameof(message));
        }

        var observationBytes = observationElements * ElementSize(message.Encoding);
        return FixedFieldsSize + TraceContextCodec.Length
            + (2 * WireWriter.BinLength(observationBytes))
            + WireWriter.BinLength((long)count * sizeof(int))
            + (3 * WireWriter.BinLength((long)count * sizeof(float)))
            + WireWriter.BinLength(count);
    }

    public static void Write(TransitionBatch message, ref WireWriter writer)
    {
        var count = message.Count;
        var observationElements = count * message.ObsDim;
        var bytes = message.Encoding == ObservationEncoding.UInt8;
        writer.WriteInt32(message.SourceActor);
        writer.WriteInt64(message.WeightsVersion);
        writer.WriteInt32(count);
        writer.WriteInt32(message.ObsDim);
        writer.WriteInt32((int)message.Encoding);
        TraceContextCodec.Write(ref writer, message.Trace);
        if (bytes)
        {
            writer.WriteBin(message.ObservationBytes.AsSpan(0, observationElements));
        }
        else
        {
            writer.WriteArray(message.Observations.AsSpan(0, observationElements));
        }

        writer.WriteArray(message.Actions.AsSpan(0, count));
        writer.WriteArray(message.Rewards.AsSpan(0, count));
        if (bytes)
        {
            writer.WriteBin(message.NextObservationBytes.AsSpan(0, observationElements));
        }
        else
        {
            writer.WriteArray(message.NextObservations.AsSpan(0, observationElements));
        }

        writer.WriteArray(message.Discounts.AsSpan(0, count));
        writer.WriteArray(message.Terminated.AsSpan(0, count));
        writer.WriteArray(message.InitialPriorities.AsSpan(0, count));
    }

    public static TransitionBatch Read(ref WireReader reader, WireLimits limits, TransitionBatch? reuse)
    {
        var sourceActor = reader.ReadInt32("TransitionBatch.SourceActor");
        var weightsVersion = reader.ReadInt64("TransitionBatch.WeightsVersion");
        var count = reader.ReadLength("TransitionBatch.Count", limits.MaxBatch, nameof(WireLimits.MaxBatch));
        var obsDim = reader.ReadLength("TransitionBatch.ObsDim", limits.MaxObsDim, nameof(WireLimits.MaxObsDim));
        if (obsDim < 1)
        {
            throw WireErrors.OutOfRange("TransitionBatch.ObsDim", obsDim, "≥ 1");
        }

        var encodingValue = reader.ReadInt32("TransitionBatch.Encoding");
        if (encodingValue is not ((int)ObservationEncoding.Float32 or (int)ObservationEncoding.UInt8))
        {
            throw WireErrors.OutOfRange("TransitionBatch.Encoding", encodingValue, "0 (float32) or 1 (uint8)");
        }

        var encoding = (ObservationEncoding)encodingValue;
        var bytes = encoding == ObservationEncoding.UInt8;
        var trace = TraceContextCodec.Read(ref reader, "TransitionBatch.Trace");

        // Count and ObsDim are within limits; make sure the bytes are really there before allocating for them
        // (the arrays' contents alone, a lower bound of what the seven bins take).
        var needed = (2L * count * obsDim * ElementSize(encoding)) + ((long)count * RowScalarsSize);
        if (needed > reader.Remaining)
        {
            throw WireErrors.ArraysTruncated("TransitionBatch.Count", count, needed, reader.Remaining);
        }

        var observationElements = count * obsDim;
        var floats = bytes ? 0 : observationElements;
        var observationBytes = bytes ? observationElements : 0;

        // The arrays of the other encoding are never read; the reused batch's are kept when long enough
        // (an empty array is), so a stream of one encoding allocates nothing.
        var observations = Reusable(reuse?.Observations, floats);
        var nextObservations = Reusable(reuse?.NextObservations, floats);
        var boards = Reusable(reuse?.ObservationBytes, observationBytes);
        var nextBoards = Reusable(reuse?.NextObservationBytes, observationBytes);
        var actions = Reusable(reuse?.Actions, count);
        var rewards = Reusable(reuse?.Rewards, count);
        var discounts = Reusable(reuse?.Discounts, count);
        var terminated = Reusable(reuse?.Terminated, count);
        var priorities = Reusable(reuse?.InitialPriorities, count);

        ReadObservations(ref reader, "TransitionBatch.Observations", bytes, observations.AsSpan(0, floats), boards.AsSpan(0, observationBytes));
        reader.ReadNonNegativeArray("TransitionBatch.Actions", actions.AsSpan(0, count), RowsExpectation);
        reader.ReadFiniteArray("TransitionBatch.Rewards", rewards.AsSpan(0, count), RowsExpectation);
        ReadObservations(ref reader, "TransitionBatch.NextObservations", bytes, nextObservations.AsSpan(0, floats), nextBoards.AsSpan(0, observationBytes));
        reader.ReadArrayWithin("TransitionBatch.Discounts", discounts.AsSpan(0, count), RowsExpectation, 0f, 1f, WireChecks.UnitInterval);
        reader.ReadArray("TransitionBatch.Terminated", terminated.AsSpan(0, count), RowsExpectation);

        // Negative initial priorities are legal: they ask the replay to use its current maximum.
        reader.ReadFiniteArray("TransitionBatch.InitialPriorities", priorities.AsSpan(0, count), RowsExpectation);

        return new TransitionBatch(
            sourceActor, weightsVersion, count, obsDim,
            observations, actions, rewards, nextObservations, discounts, terminated, priorities, trace)
        {
            Encoding = encoding,
            ObservationBytes = boards,
            NextObservationBytes = nextBoards,
        };
    }

    private static int ElementSize(ObservationEncoding encoding) => encoding == ObservationEncoding.UInt8 ? sizeof(byte) : sizeof(float);

    private static void ReadObservations(ref WireReader reader, string field, bool bytes, Span<float> floats, Span<byte> boards)
    {
        if (bytes)
        {
            reader.ReadArray(field, boards, ObservationExpectation);
        }
        else
        {
            reader.ReadFiniteArray(field, floats, ObservationExpectation);
        }
    }

    private static T[] Reusable<T>(T[]? candidate, int length) =>
        candidate is not null && candidate.Length >= length ? candidate : length == 0 ? [] : new T[length];
}
