using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Shared.Storage;

namespace Flock.Learner.Checkpoints;

/// <summary>
/// The learner's checkpoint file: online and target networks, Adam's moments and step, and the counters, in one
/// little-endian binary file. Layout (format version 2; version 1 lacks the convolution fields, the run's progress
/// and the evaluation, and is still read):
/// <code>
/// "FLOCKDQN"                      8 bytes magic
/// u32 format version              = 2
/// i32 obsDim, i32 actions, u8 dueling, i32 hidden count, i32 hidden sizes…
/// i32 convolution count; when above 0: i32 height, width, channels, then (i32 filters, kernel, stride) per convolution
/// i32 tensor count, (i32 rows, i32 cols) per tensor    parameter shapes in ParameterLayout order
/// i64 updates, i64 target syncs, i64 Adam step
/// run progress (v2): i64 env steps, train episodes, eval episodes, transitions inserted, replay size, weight
///   broadcasts, env errors; f64 elapsed seconds; u8 solved, f64 solved at seconds, i64 solved at env steps;
///   i32 eval window count, f64 returns…
/// f64 evaluation mean return (NaN: not evaluated), i32 evaluation episodes    (version 2)
/// f32 online[P], f32 target[P], f32 adam m[P], f32 adam v[P]   P = total parameters
/// u32 CRC-32C of every byte before it
/// </code>
/// Loading checks magic, version, architecture, shapes and checksum, and a damaged or truncated file raises an
/// <see cref="InvalidDataException"/> saying what is wrong, never a crash deep inside the network. What is read is
/// bounded by the sizes the header declares (themselves bounded by <c>NetworkLimits</c>), never by the file.
/// </summary>
public static class DqnCheckpoint
{
    public const uint FormatVersion = 2;

    /// <summary>The first format, without the run's progress; still read.</summary>
    public const uint FormatVersionWithoutProgress = 1;

    internal static ReadOnlySpan<byte> Magic => "FLOCKDQN"u8;

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

            writer.Write(spec.Convolutions.Count);
            if (spec.Convolutions.Count > 0)
            {
                foreach (var size in spec.InputShape)
                {
                    writer.Write(size);
                }

                foreach (var convolution in spec.Convolutions)
                {
                    writer.Write(convolution.Filters);
                    writer.Write(convolution.Kernel);
                    writer.Write(convolution.Stride);
                }
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
            WriteProgress(writer, state.Progress);
            writer.Write(state.EvaluationMeanReturn ?? double.NaN);
            writer.Write(state.EvaluationMeanReturn is null ? 0 : state.EvaluationEpisodes);
            WriteFloats(writer, state.Online);
            WriteFloats(writer, state.Target);
            WriteFloats(writer, state.AdamFirstMoment);
            WriteFloats(writer, state.AdamSecondMoment);
        }

        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        Span<byte> checksum = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32C.Compute(bytes));
        stream.Write(bytes);
        stream.Write(checksum);
    }

    /// <summary>
    /// Writes to a temporary file and renames it over <paramref name="path"/>, so a crash never leaves half a
    /// checkpoint, and a failed write (a full disk) removes its temporary file and keeps the previous checkpoint.
    /// </summary>
    public static void Save(string path, DqnTrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        AtomicFile.Write(path, file => Save(file, state));
    }

    /// <summary>Loads a checkpoint of any architecture; its spec is in the file.</summary>
    public static DqnTrainingState Load(Stream stream) => DqnCheckpointReader.Read(stream, expected: null);

    /// <summary>Loads a checkpoint and checks it was written for <paramref name="expected"/>.</summary>
    public static DqnTrainingState Load(Stream stream, QNetworkSpec expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return DqnCheckpointReader.Read(stream, expected);
    }

    public static DqnTrainingState Load(string path, QNetworkSpec? expected = null)
    {
        using var file = OpenRead(path);
        return DqnCheckpointReader.Read(file, expected);
    }

    /// <summary>Opens a checkpoint file to read; a directory is refused as one (not as a missing file or a denied access).</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path} is a directory, not a checkpoint file (a run directory holds checkpoint.bin and checkpoint-last.bin)");
        }

        return File.OpenRead(path);
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
        using var file = OpenRead(path);
        return LoadOnlineNetwork(file);
    }

    private static void WriteProgress(BinaryWriter writer, RunProgress progress)
    {
        writer.Write(progress.EnvSteps);
        writer.Write(progress.TrainEpisodes);
        writer.Write(progress.EvalEpisodes);
        writer.Write(progress.TransitionsInserted);
        writer.Write(progress.ReplaySize);
        writer.Write(progress.WeightBroadcasts);
        writer.Write(progress.EnvErrors);
        writer.Write(progress.ElapsedSeconds);
        writer.Write(progress.SolvedAtSeconds is not null);
        writer.Write(progress.SolvedAtSeconds ?? 0);
        writer.Write(progress.SolvedAtEnvSteps ?? 0);
        var window = progress.EvalWindow.TakeLast(RunProgress.MaxEvalWindow).ToArray();
        writer.Write(window.Length);
        foreach (var value in window)
        {
            writer.Write(value);
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
}
