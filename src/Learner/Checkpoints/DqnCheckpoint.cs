using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Learner.Checkpoints;

/// <summary>
/// The learner's checkpoint file: online and target networks, Adam's moments and step, and the counters, in one
/// little-endian binary file. Layout (format version 1):
/// <code>
/// "FLOCKDQN"                      8 bytes magic
/// u32 format version              = 1
/// i32 obsDim, i32 actions, u8 dueling, i32 hidden count, i32 hidden sizes…
/// i32 tensor count, (i32 rows, i32 cols) per tensor    parameter shapes in ParameterLayout order
/// i64 updates, i64 target syncs, i64 Adam step
/// f32 online[P], f32 target[P], f32 adam m[P], f32 adam v[P]   P = total parameters
/// u32 CRC-32C of every byte before it
/// </code>
/// Loading checks magic, version, architecture, shapes and checksum, and a damaged or truncated file raises an
/// <see cref="InvalidDataException"/> saying what is wrong, never a crash deep inside the network.
/// </summary>
public static class DqnCheckpoint
{
    public const uint FormatVersion = 1;

    private const int MaxHiddenLayers = 64;
    private const int MaxWidth = 1 << 20;

    private static ReadOnlySpan<byte> Magic => "FLOCKDQN"u8;

    public static void Save(Stream stream, DqnTrainingState state)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(state);
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            var spec = state.Spec;
            writer.Write(spec.ObsDim);
            writer.Write(spec.ActionCount);
            writer.Write(spec.Dueling);
            writer.Write(spec.HiddenSizes.Count);
            foreach (var size in spec.HiddenSizes)
            {
                writer.Write(size);
            }

            var shapes = spec.CreateLayout().Shapes;
            writer.Write(shapes.Count);
            foreach (var shape in shapes)
            {
                writer.Write(shape.Rows);
                writer.Write(shape.Cols);
            }

            writer.Write(state.Updates);
            writer.Write(state.TargetSyncs);
            writer.Write(state.AdamStep);
            WriteFloats(writer, state.Online);
            WriteFloats(writer, state.Target);
            WriteFloats(writer, state.AdamFirstMoment);
            WriteFloats(writer, state.AdamSecondMoment);
        }

        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        Span<byte> checksum = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32C(bytes));
        stream.Write(bytes);
        stream.Write(checksum);
    }

    /// <summary>Writes to a temporary file and renames it over <paramref name="path"/>, so a crash never leaves half a checkpoint.</summary>
    public static void Save(string path, DqnTrainingState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            Save(file, state);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads a checkpoint of any architecture; its spec is in the file.</summary>
    public static DqnTrainingState Load(Stream stream) => Read(stream, expected: null);

    /// <summary>Loads a checkpoint and checks it was written for <paramref name="expected"/>.</summary>
    public static DqnTrainingState Load(Stream stream, QNetworkSpec expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Read(stream, expected);
    }

    public static DqnTrainingState Load(string path, QNetworkSpec? expected = null)
    {
        using var file = File.OpenRead(path);
        return Read(file, expected);
    }

    /// <summary>Just the online network, built from the architecture stored in the file (for evaluation).</summary>
    public static QNetwork LoadOnlineNetwork(Stream stream)
    {
        var state = Load(stream);
        var network = new QNetwork(state.Spec);
        network.LoadWeights(state.Online, state.Updates);
        return network;
    }

    public static QNetwork LoadOnlineNetwork(string path)
    {
        using var file = File.OpenRead(path);
        return LoadOnlineNetwork(file);
    }

    private static DqnTrainingState Read(Stream stream, QNetworkSpec? expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = ReadAll(stream);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
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
        reader.ReadBytes(Magic.Length);
        var version = reader.ReadUInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"checkpoint format version is {version}, this build reads version {FormatVersion}");
        }

        var spec = ReadSpec(reader);
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

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)payloadLength)) != Crc32C(bytes.AsSpan(0, (int)payloadLength)))
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

    private static QNetworkSpec ReadSpec(BinaryReader reader)
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

        return new QNetworkSpec(obsDim, actions, hidden, dueling == 1);
    }

    private static ParameterShape[] ReadShapes(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 2 or > 2 * (MaxHiddenLayers + 1))
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
            : null;
        if (difference is not null)
        {
            throw new InvalidDataException(difference);
        }
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
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

    private static uint Crc32C(ReadOnlySpan<byte> bytes)
    {
        var crc = uint.MaxValue;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in bytes[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
