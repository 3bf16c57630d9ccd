using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;
using Flock.Shared.Networks;

namespace Flock.Learner.Checkpoints;

/// <summary>
/// Parses and validates a checkpoint (layout in <see cref="DqnCheckpoint"/>). Everything is checked before it is
/// trusted: magic, version, header sanity (against <see cref="NetworkLimits"/>, the same limits a run is configured
/// within), length and checksum, then the architecture the caller expects. Only the bytes the header declares are
/// read: a stream that never ends (<c>/dev/zero</c>) or a file with more in it is refused, not swallowed.
/// </summary>
internal static class DqnCheckpointReader
{
    /// <summary>Bound on the observation size and action count in a header (far above any environment).</summary>
    private const int MaxInputOrActions = 1 << 20;

    public static DqnTrainingState Read(Stream stream, QNetworkSpec? expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new HeaderReader(stream);
        if (!header.TryReadMagic())
        {
            throw new InvalidDataException("not a Flock DQN checkpoint (magic \"FLOCKDQN\" missing)");
        }

        try
        {
            return Parse(header, stream, expected);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"checkpoint is truncated: {header.Position} bytes end before the data the header announces");
        }
    }

    private static DqnTrainingState Parse(HeaderReader header, Stream stream, QNetworkSpec? expected)
    {
        var version = header.ReadUInt32();
        if (version is not (DqnCheckpoint.FormatVersion or DqnCheckpoint.FormatVersionWithoutProgress))
        {
            throw new InvalidDataException($"checkpoint format version is {version}, this build reads versions {DqnCheckpoint.FormatVersionWithoutProgress} and {DqnCheckpoint.FormatVersion}");
        }

        var spec = ReadSpec(header, version);
        var shapes = ReadShapes(header);
        long updates = header.ReadInt64(), targetSyncs = header.ReadInt64(), adamStep = header.ReadInt64();
        var progress = version == DqnCheckpoint.FormatVersion ? ReadProgress(header) : RunProgress.None;
        var (evaluationMean, evaluationEpisodes) = version == DqnCheckpoint.FormatVersionWithoutProgress ? (double.NaN, 0) : (header.ReadDouble(), header.ReadInt32());

        // Length and checksum before anything in the file is believed (or allocated for): a damaged file is
        // reported as damaged, not as a network that happens to have other shapes.
        var parameters = ParameterCount(spec);
        var payloadLength = header.Position + (4L * parameters * sizeof(float));
        var expectedLength = payloadLength + sizeof(uint);
        if (stream.CanSeek && stream.Length != expectedLength)
        {
            throw stream.Length < expectedLength
                ? new InvalidDataException($"checkpoint is truncated: {stream.Length} bytes, a {spec} checkpoint needs {expectedLength}")
                : new InvalidDataException($"checkpoint has {stream.Length - expectedLength} unexpected bytes after its checksum");
        }

        // The four tensors go straight into the state's arrays (bounded by NetworkLimits), the checksum computed as they arrive.
        var state = new DqnTrainingState(spec)
        {
            Updates = updates,
            TargetSyncs = targetSyncs,
            AdamStep = adamStep,
            Progress = progress,
            EvaluationMeanReturn = double.IsNaN(evaluationMean) ? null : evaluationMean,
            EvaluationEpisodes = evaluationEpisodes,
        };
        var crc = header.Crc;
        foreach (var tensor in new[] { state.Online, state.Target, state.AdamFirstMoment, state.AdamSecondMoment })
        {
            var bytes = MemoryMarshal.AsBytes(tensor.AsSpan());
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw new InvalidDataException($"checkpoint is truncated: it ends before the {parameters} parameters of each of its four tensors that a {spec} checkpoint holds");
            }

            crc = Crc32C.Append(crc, bytes);
        }

        Span<byte> checksum = stackalloc byte[sizeof(uint)];
        if (stream.ReadAtLeast(checksum, checksum.Length, throwOnEndOfStream: false) < checksum.Length)
        {
            throw new InvalidDataException($"checkpoint is truncated: its checksum is missing (a {spec} checkpoint is {expectedLength} bytes)");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException("checkpoint has unexpected bytes after its checksum");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(checksum) != Crc32C.Finish(crc))
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

        if (evaluationEpisodes < 0 || (double.IsNaN(evaluationMean) != (evaluationEpisodes == 0)) || double.IsInfinity(evaluationMean))
        {
            throw new InvalidDataException($"checkpoint evaluation is inconsistent: mean return {evaluationMean} over {evaluationEpisodes} episodes");
        }

        if (!BitConverter.IsLittleEndian)
        {
            foreach (var tensor in new[] { state.Online, state.Target, state.AdamFirstMoment, state.AdamSecondMoment })
            {
                var words = MemoryMarshal.Cast<float, int>(tensor.AsSpan());
                BinaryPrimitives.ReverseEndianness(words, words);
            }
        }

        return state;
    }

    private static long ParameterCount(QNetworkSpec spec)
    {
        var parameters = spec.Architecture.ParameterCount(spec.InputShape, spec.ActionCount, spec.Dueling);
        if (parameters > NetworkLimits.MaxParameters)
        {
            throw new InvalidDataException($"checkpoint header declares a {spec} network of {parameters} parameters; at most {NetworkLimits.MaxParameters} are read (the most a run trains)");
        }

        return parameters;
    }

    private static QNetworkSpec ReadSpec(HeaderReader reader, uint version)
    {
        var obsDim = reader.ReadInt32();
        var actions = reader.ReadInt32();
        var dueling = reader.ReadByte();
        var hiddenCount = reader.ReadInt32();
        if (obsDim is < 1 or > MaxInputOrActions || actions is < 1 or > MaxInputOrActions || dueling > 1 || hiddenCount is < 0 or > NetworkLimits.MaxHiddenLayers)
        {
            throw new InvalidDataException(
                $"checkpoint header is corrupted: observation size {obsDim}, actions {actions}, dueling flag {dueling}, {hiddenCount} hidden layers (at most {NetworkLimits.MaxHiddenLayers})");
        }

        var hidden = new int[hiddenCount];
        for (var i = 0; i < hiddenCount; i++)
        {
            hidden[i] = reader.ReadInt32();
            if (hidden[i] is < 1 or > NetworkLimits.MaxLayerWidth)
            {
                throw new InvalidDataException($"checkpoint header is corrupted: hidden layer {i + 1} has width {hidden[i]} (at most {NetworkLimits.MaxLayerWidth})");
            }
        }

        var convolutionCount = version == DqnCheckpoint.FormatVersionWithoutProgress ? 0 : reader.ReadInt32();
        if (convolutionCount is < 0 or > NetworkLimits.MaxHiddenLayers)
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
            if (convolutions[i] is { Filters: < 1 or > NetworkLimits.MaxLayerWidth } or { Kernel: < 1 or > NetworkLimits.MaxLayerWidth } or { Stride: < 1 or > NetworkLimits.MaxLayerWidth })
            {
                throw new InvalidDataException($"checkpoint header is corrupted: convolution {i + 1} is {convolutions[i]}");
            }
        }

        if (shape.Any(size => size is < 1 or > NetworkLimits.MaxLayerWidth) || (long)shape[0] * shape[1] * shape[2] != obsDim)
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

    private static ParameterShape[] ReadShapes(HeaderReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 2 or > 2 * ((2 * NetworkLimits.MaxHiddenLayers) + 1))
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

    private static RunProgress ReadProgress(HeaderReader reader)
    {
        long envSteps = reader.ReadInt64(), trainEpisodes = reader.ReadInt64(), evalEpisodes = reader.ReadInt64(), inserted = reader.ReadInt64(),
            replaySize = reader.ReadInt64(), broadcasts = reader.ReadInt64(), envErrors = reader.ReadInt64();
        var elapsed = reader.ReadDouble();
        var solved = reader.ReadByte();
        var solvedAtSeconds = reader.ReadDouble();
        var solvedAtEnvSteps = reader.ReadInt64();
        var windowCount = reader.ReadInt32();
        if (windowCount is < 0 or > RunProgress.MaxEvalWindow || solved > 1 || !double.IsFinite(elapsed) || elapsed < 0
            || envSteps < 0 || trainEpisodes < 0 || evalEpisodes < 0 || inserted < 0 || replaySize < 0 || broadcasts < 0 || envErrors < 0)
        {
            throw new InvalidDataException(
                $"checkpoint run progress is corrupted: {windowCount} evaluation returns (at most {RunProgress.MaxEvalWindow}), solved flag {solved}, elapsed {elapsed} s, env steps {envSteps}");
        }

        var window = new double[windowCount];
        for (var i = 0; i < windowCount; i++)
        {
            window[i] = reader.ReadDouble();
        }

        return new RunProgress
        {
            EnvSteps = envSteps,
            TrainEpisodes = trainEpisodes,
            EvalEpisodes = evalEpisodes,
            TransitionsInserted = inserted,
            ReplaySize = replaySize,
            WeightBroadcasts = broadcasts,
            EnvErrors = envErrors,
            ElapsedSeconds = elapsed,
            SolvedAtSeconds = solved == 1 ? solvedAtSeconds : null,
            SolvedAtEnvSteps = solved == 1 ? solvedAtEnvSteps : null,
            EvalWindow = window,
        };
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

    /// <summary>Reads the header's fields one by one from the stream, keeping the bytes for the checksum; reads nothing beyond what is asked.</summary>
    private sealed class HeaderReader(Stream stream)
    {
        public long Position { get; private set; }

        /// <summary>The running CRC of every byte read so far.</summary>
        public uint Crc { get; private set; } = Crc32C.Initial;

        public bool TryReadMagic()
        {
            Span<byte> magic = stackalloc byte[8];
            var count = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            Position += count;
            Crc = Crc32C.Append(Crc, magic[..count]);
            return count == magic.Length && magic.SequenceEqual(DqnCheckpoint.Magic);
        }

        public byte ReadByte() => Next(1)[0];

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Next(sizeof(int)));

        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Next(sizeof(uint)));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Next(sizeof(long)));

        public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Next(sizeof(double)));

        private byte[] Next(int count)
        {
            var bytes = new byte[count];
            stream.ReadExactly(bytes);
            Position += count;
            Crc = Crc32C.Append(Crc, bytes);
            return bytes;
        }
    }
}
