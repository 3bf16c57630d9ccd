using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Shared.Messages;
using Flock.Shared.Networks;

namespace Flock.Learner.Checkpoints;

/// <summary>
/// Parses and validates a checkpoint (layout in <see cref="DqnCheckpoint"/>). Everything is checked before it is
/// trusted: magic, version, header sanity, length and checksum, then the architecture the caller expects.
/// </summary>
internal static class DqnCheckpointReader
{
    // Bounds on header fields, so a damaged header is refused before it sizes any allocation.
    private const int MaxHiddenLayers = 64;
    private const int MaxWidth = 1 << 20;

    public static DqnTrainingState Read(Stream stream, QNetworkSpec? expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = ReadAll(stream);
        if (bytes.Length < DqnCheckpoint.Magic.Length || !bytes.AsSpan(0, DqnCheckpoint.Magic.Length).SequenceEqual(DqnCheckpoint.Magic))
        {
            throw new InvalidDataException("not a Flock DQN checkpoint (magic \"FLOCKDQN\" missing)");
        }

        try
        {
            return Parse(bytes, expected);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"checkpoint is truncated: {bytes.Length} bytes end before the data the header announces");
        }
    }

    private static DqnTrainingState Parse(byte[] bytes, QNetworkSpec? expected)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        reader.ReadBytes(DqnCheckpoint.Magic.Length);
        var version = reader.ReadUInt32();
        if (version is not (1 or DqnCheckpoint.FormatVersion))
        {
            throw new InvalidDataException($"checkpoint format version is {version}, this build reads versions 1 and {DqnCheckpoint.FormatVersion}");
        }

        var spec = ReadSpec(reader, version);
        var shapes = ReadShapes(reader);
        long updates = reader.ReadInt64(), targetSyncs = reader.ReadInt64(), adamStep = reader.ReadInt64();

        // Length and checksum before anything in the file is believed (or allocated for): a damaged file is
        // reported as damaged, not as a network that happens to have other shapes.
        var payloadLength = reader.BaseStream.Position + (4L * ParameterCount(spec) * sizeof(float));
        var expectedLength = payloadLength + sizeof(uint);
        if (bytes.Length < expectedLength)
        {
            throw new InvalidDataException($"checkpoint is truncated: {bytes.Length} bytes, a {spec} checkpoint needs {expectedLength}");
        }

        if (bytes.Length > expectedLength)
        {
            throw new InvalidDataException($"checkpoint has {bytes.Length - expectedLength} unexpected bytes after its checksum");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)payloadLength)) != Crc32C.Compute(bytes.AsSpan(0, (int)payloadLength)))
        {
            throw new InvalidDataException("checkpoint checksum does not match its contents: the file is corrupted");
        }

        ShapeCheck.ThrowIfDifferent(shapes, spec.CreateLayout().Shapes, "checkpoint (against its own header)");
        if (expected is not null)
        {
            RequireArchitecture(spec, expected);
            ShapeCheck.ThrowIfDifferent(shapes, expected.CreateLayout().Shapes, "checkpoint");
        }

        if (updates < 0 || targetSyncs < 0 || adamStep < 0)
        {
            throw new InvalidDataException($"checkpoint counters are negative (updates {updates}, target syncs {targetSyncs}, Adam step {adamStep})");
        }

        var state = new DqnTrainingState(spec) { Updates = updates, TargetSyncs = targetSyncs, AdamStep = adamStep };
        ReadFloats(reader, state.Online);
        ReadFloats(reader, state.Target);
        ReadFloats(reader, state.AdamFirstMoment);
        ReadFloats(reader, state.AdamSecondMoment);
        return state;
    }

    private static long ParameterCount(QNetworkSpec spec)
    {
        try
        {
            return spec.CreateLayout().TotalLength;
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"checkpoint header is corrupted: a {spec} network has more parameters than an array holds");
        }
    }

    private static QNetworkSpec ReadSpec(BinaryReader reader, uint version)
    {
        var obsDim = reader.ReadInt32();
        var actions = reader.ReadInt32();
        var dueling = reader.ReadByte();
        var hiddenCount = reader.ReadInt32();
        if (obsDim is < 1 or > MaxWidth || actions is < 1 or > MaxWidth || dueling > 1 || hiddenCount is < 0 or > MaxHiddenLayers)
        {
            throw new InvalidDataException(
                $"checkpoint header is corrupted: observation size {obsDim}, actions {actions}, dueling flag {dueling}, {hiddenCount} hidden layers");
        }

        var hidden = new int[hiddenCount];
        for (var i = 0; i < hiddenCount; i++)
        {
            hidden[i] = reader.ReadInt32();
            if (hidden[i] is < 1 or > MaxWidth)
            {
                throw new InvalidDataException($"checkpoint header is corrupted: hidden layer {i + 1} has width {hidden[i]}");
            }
        }

        var convolutionCount = version == 1 ? 0 : reader.ReadInt32();
        if (convolutionCount is < 0 or > MaxHiddenLayers)
        {
            throw new InvalidDataException($"checkpoint header is corrupted: {convolutionCount} convolutions");
        }

        if (convolutionCount == 0)
        {
            return new QNetworkSpec(obsDim, actions, hidden, dueling == 1);
        }

        int[] shape = [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()];
        var convolutions = new ConvolutionLayer[convolutionCount];
        for (var i = 0; i < convolutionCount; i++)
        {
            convolutions[i] = new ConvolutionLayer(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            if (convolutions[i] is { Filters: < 1 or > MaxWidth } or { Kernel: < 1 or > MaxWidth } or { Stride: < 1 or > MaxWidth })
            {
                throw new InvalidDataException($"checkpoint header is corrupted: convolution {i + 1} is {convolutions[i]}");
            }
        }

        if (shape.Any(size => size is < 1 or > MaxWidth) || (long)shape[0] * shape[1] * shape[2] != obsDim)
        {
            throw new InvalidDataException($"checkpoint header is corrupted: observation shape ({string.Join(", ", shape)}) for {obsDim} floats");
        }

        try
        {
            return new QNetworkSpec(shape, actions, new NetworkArchitecture(convolutions, hidden), dueling == 1);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"checkpoint header is corrupted: {e.Message}");
        }
    }

    private static ParameterShape[] ReadShapes(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 2 or > 2 * ((2 * MaxHiddenLayers) + 1))
        {
            throw new InvalidDataException($"checkpoint header is corrupted: {count} parameter tensors");
        }

        var shapes = new ParameterShape[count];
        for (var i = 0; i < count; i++)
        {
            shapes[i] = new ParameterShape(reader.ReadInt32(), reader.ReadInt32());
        }

        return shapes;
    }

    private static void RequireArchitecture(QNetworkSpec found, QNetworkSpec expected)
    {
        string? difference =
            found.ObsDim != expected.ObsDim ? $"checkpoint observations have {found.ObsDim} floats, network expects {expected.ObsDim}"
            : found.ActionCount != expected.ActionCount ? $"checkpoint has {found.ActionCount} actions, network expects {expected.ActionCount}"
            : found.Dueling != expected.Dueling ? $"checkpoint head is {(found.Dueling ? "dueling" : "plain")}, network expects {(expected.Dueling ? "dueling" : "plain")}"
            : found.HiddenSizes.Count != expected.HiddenSizes.Count
                ? $"checkpoint has {found.HiddenSizes.Count} hidden layers ({found}), network expects {expected.HiddenSizes.Count} ({expected})"
            : !found.Convolutions.SequenceEqual(expected.Convolutions) || !found.InputShape.SequenceEqual(expected.InputShape)
                ? $"checkpoint network is {found.Architecture} over ({string.Join(", ", found.InputShape)}), network expects {expected.Architecture} over ({string.Join(", ", expected.InputShape)})"
            : null;
        if (difference is not null)
        {
            throw new InvalidDataException(difference);
        }
    }

    private static void ReadFloats(BinaryReader reader, float[] destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<float, int>(destination.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
