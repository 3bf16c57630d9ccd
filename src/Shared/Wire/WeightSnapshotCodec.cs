using System.Buffers.Binary;
using System.Globalization;
using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="WeightSnapshot"/> payload: Version i64, Trace (25 B), Shapes (count i32, then Rows i32 and Cols i32
/// each), Weights (count i32, then f32 each). The shapes' element total must equal the weights' count.
/// </summary>
internal readonly struct WeightSnapshotCodec : IWireCodec<WeightSnapshot>
{
    private const int ShapeSize = sizeof(int) + sizeof(int);

    public static WireMessageType Type => WireMessageType.WeightSnapshot;

    public static long PayloadLength(WeightSnapshot message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Shapes, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Weights, nameof(message));
        long total = 0;
        foreach (var shape in message.Shapes)
        {
            if (shape.Rows < 1 || shape.Cols < 1)
            {
                throw new ArgumentException($"Parameter shape {shape.Rows}×{shape.Cols} is empty or negative.", nameof(message));
            }

            total += (long)shape.Rows * shape.Cols;
        }

        if (total != message.Weights.Length)
        {
            throw new ArgumentException(
                $"Shapes add up to {total} parameters but Weights holds {message.Weights.Length}.", nameof(message));
        }

        return sizeof(long) + WireProtocol.TraceContextSize
            + sizeof(int) + ((long)message.Shapes.Length * ShapeSize)
            + sizeof(int) + ((long)message.Weights.Length * sizeof(float));
    }

    public static void Write(WeightSnapshot message, ref WireWriter writer)
    {
        writer.WriteInt64(message.Version);
        TraceContextCodec.Write(ref writer, message.Trace);
        writer.WriteInt32(message.Shapes.Length);
        foreach (var shape in message.Shapes)
        {
            writer.WriteInt32(shape.Rows);
            writer.WriteInt32(shape.Cols);
        }

        writer.WriteArray(message.Weights);
    }

    public static WeightSnapshot Read(ref WireReader reader, WireLimits limits, WeightSnapshot? reuse)
    {
        var version = reader.ReadInt64("WeightSnapshot.Version");
        var trace = TraceContextCodec.Read(ref reader, "WeightSnapshot.Trace");

        var shapeCount = reader.ReadLength("WeightSnapshot.Shapes", limits.MaxShapes, nameof(WireLimits.MaxShapes));
        var shapeBytes = reader.Take((long)shapeCount * ShapeSize, "WeightSnapshot.Shapes");
        var shapes = reuse is not null && reuse.Shapes.Length == shapeCount ? reuse.Shapes : new ParameterShape[shapeCount];
        long total = 0;
        for (var i = 0; i < shapeCount; i++)
        {
            var rows = BinaryPrimitives.ReadInt32LittleEndian(shapeBytes[(i * ShapeSize)..]);
            var cols = BinaryPrimitives.ReadInt32LittleEndian(shapeBytes[((i * ShapeSize) + sizeof(int))..]);
            RequirePositive(i, "Rows", rows);
            RequirePositive(i, "Cols", cols);
            total += (long)rows * cols;
            if (total > limits.MaxWeights)
            {
                throw WireErrors.OverLimit("WeightSnapshot.Shapes", total, nameof(WireLimits.MaxWeights), limits.MaxWeights);
            }

            shapes[i] = new ParameterShape(rows, cols);
        }

        var weightCount = reader.ReadLength("WeightSnapshot.Weights", limits.MaxWeights, nameof(WireLimits.MaxWeights));
        if (weightCount != total)
        {
            throw WireErrors.LengthMismatch("WeightSnapshot.Weights", weightCount, "the total of WeightSnapshot.Shapes (Σ Rows × Cols)", total);
        }

        reader.EnsureRemaining((long)weightCount * sizeof(float), "WeightSnapshot.Weights");
        var weights = reuse is not null && reuse.Weights.Length == weightCount ? reuse.Weights : new float[weightCount];
        reader.ReadValuesWithin("WeightSnapshot.Weights", weights, float.MinValue, float.MaxValue, WireChecks.Finite);

        return new WeightSnapshot(version, shapes, weights, trace);
    }

    private static void RequirePositive(int shapeIndex, string part, int value)
    {
        if (value < 1)
        {
            // The field name is built only here: a snapshot with many shapes must not pay for it on every decode.
            var field = string.Create(CultureInfo.InvariantCulture, $"WeightSnapshot.Shapes[{shapeIndex}].{part}");
            throw WireErrors.OutOfRange(field, value, "≥ 1");
        }
    }
}
