using System.Buffers.Binary;
using System.Globalization;
using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="WeightSnapshot"/> payload, 4 fields: Version int, Trace (bin 25), Shapes (one bin, Rows i32 and
/// Cols i32 little-endian per shape), Weights (one bin of f32). The shapes' element total must equal the weights'
/// count.
/// </summary>
internal readonly struct WeightSnapshotCodec : IWireCodec<WeightSnapshot>
{
    private const int ShapeSize = sizeof(int) + sizeof(int);

    public static WireMessageType Type => WireMessageType.WeightSnapshot;

    public static int FieldCount => 4;

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

        return WireWriter.Int64Length + TraceContextCodec.Length
            + WireWriter.BinLength((long)message.Shapes.Length * ShapeSize)
            + WireWriter.BinLength((long)message.Weights.Length * sizeof(float));
    }

    public static void Write(WeightSnapshot message, ref WireWriter writer)
    {
        writer.WriteInt64(message.Version);
        TraceContextCodec.Write(ref writer, message.Trace);
        var shapeBytes = writer.ReserveBin(message.Shapes.Length * ShapeSize);
        for (var i = 0; i < message.Shapes.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(shapeBytes[(i * ShapeSize)..], message.Shapes[i].Rows);
            BinaryPrimitives.WriteInt32LittleEndian(shapeBytes[((i * ShapeSize) + sizeof(int))..], message.Shapes[i].Cols);
        }

        writer.WriteArray(message.Weights);
    }

    public static WeightSnapshot Read(ref WireReader reader, WireLimits limits, WeightSnapshot? reuse)
    {
        var version = reader.ReadInt64("WeightSnapshot.Version");
        var trace = TraceContextCodec.Read(ref reader, "WeightSnapshot.Trace");

        var shapeBytes = reader.ReadBin("WeightSnapshot.Shapes");
        var shapeCount = ElementCount("WeightSnapshot.Shapes", shapeBytes.Length, ShapeSize, "shape (Rows, Cols: 8 bytes)");
        if (shapeCount > limits.MaxShapes)
        {
            throw WireErrors.OverLimit("WeightSnapshot.Shapes", shapeCount, nameof(WireLimits.MaxShapes), limits.MaxShapes);
        }

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

        // The bin's bytes are there (the reader checked) before the weights are allocated for them.
        var weightBytes = reader.ReadBin("WeightSnapshot.Weights");
        var weightCount = ElementCount("WeightSnapshot.Weights", weightBytes.Length, sizeof(float), "float32");
        if (weightCount > limits.MaxWeights)
        {
            throw WireErrors.OverLimit("WeightSnapshot.Weights", weightCount, nameof(WireLimits.MaxWeights), limits.MaxWeights);
        }

        if (weightCount != total)
        {
            throw WireErrors.LengthMismatch("WeightSnapshot.Weights", weightCount, "the total of WeightSnapshot.Shapes (Σ Rows × Cols)", total);
        }

        var weights = reuse is not null && reuse.Weights.Length == weightCount ? reuse.Weights : new float[weightCount];
        var bad = CheckedCopy.CopyWithin(weightBytes, weights, float.MinValue, float.MaxValue);
        if (bad >= 0)
        {
            throw WireErrors.BadFloat("WeightSnapshot.Weights", bad, weights[bad], WireChecks.Finite);
        }

        return new WeightSnapshot(version, shapes, weights, trace);
    }

    private static int ElementCount(string field, int byteLength, int elementSize, string element)
    {
        if (byteLength % elementSize != 0)
        {
            throw WireErrors.Invalid(
                field,
                byteLength.ToString(CultureInfo.InvariantCulture) + " bytes",
                string.Create(CultureInfo.InvariantCulture, $"must be a whole number of {element} elements of {elementSize} bytes"));
        }

        return byteLength / elementSize;
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
