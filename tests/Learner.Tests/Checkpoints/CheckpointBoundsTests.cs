using System.Buffers.Binary;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Tests.Dqn;
using Flock.Shared.Configuration;

namespace Flock.Learner.Tests.Checkpoints;

/// <summary>What the checkpoint reader refuses before it reads or allocates much, and the run progress a checkpoint carries.</summary>
public sealed class CheckpointBoundsTests
{
    private static readonly QNetworkSpec Spec = new(4, 2, [8], dueling: false);

    [Fact]
    public void An_endless_stream_of_zeros_is_refused_after_its_first_bytes()
    {
        using var zeros = new EndlessStream(0);
        Assert.Contains("not a Flock DQN checkpoint", Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(zeros)).Message);
        Assert.True(zeros.BytesRead <= 8, $"read {zeros.BytesRead} bytes");
    }

    [Fact]
    public void An_endless_stream_after_a_valid_checkpoint_is_refused_without_reading_it_all()
    {
        var bytes = Save(State());
        using var endless = new EndlessStream(0, prefix: bytes);
        Assert.Contains("unexpected bytes after its checksum", Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(endless)).Message);
        Assert.True(endless.BytesRead <= bytes.Length + 1, $"read {endless.BytesRead} bytes of a {bytes.Length}-byte checkpoint");
    }

    [Fact]
    public void A_directory_is_refused_as_a_directory()
    {
        var directory = Directory.CreateTempSubdirectory("flock-ckpt-dir-").FullName;
        try
        {
            Assert.Contains("is a directory", Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(directory)).Message);
            Assert.Contains("is a directory", Assert.Throws<InvalidDataException>(() => DqnCheckpoint.LoadOnlineNetwork(directory)).Message);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void Every_network_a_run_may_configure_deep_reads_back_and_one_layer_more_is_refused_with_the_limit()
    {
        var deepest = new QNetworkSpec(4, 2, Enumerable.Repeat(2, NetworkLimits.MaxHiddenLayers).ToArray(), dueling: false);
        var loaded = DqnCheckpoint.Load(new MemoryStream(Save(new DqnTrainingState(deepest))));
        Assert.Equal(NetworkLimits.MaxHiddenLayers, loaded.Spec.HiddenSizes.Count);

        var tooDeep = new QNetworkSpec(4, 2, Enumerable.Repeat(2, NetworkLimits.MaxHiddenLayers + 1).ToArray(), dueling: false);
        var message = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(Save(new DqnTrainingState(tooDeep))))).Message;
        Assert.Contains($"at most {NetworkLimits.MaxHiddenLayers}", message);
    }

    [Fact]
    public void A_header_declaring_more_parameters_than_a_run_trains_is_refused_before_allocating()
    {
        var bytes = Save(State());

        // Hidden width 8 → 65536 and a second layer of 65536: 4.3 G parameters, far over the limit. The header starts
        // at byte 12: obs, actions, dueling, hidden count, widths, convolution count (none).
        var header = new MemoryStream();
        header.Write(bytes.AsSpan(0, 12));
        var writer = new BinaryWriter(header);
        writer.Write(4);
        writer.Write(2);
        writer.Write((byte)0);
        writer.Write(2);
        writer.Write(NetworkLimits.MaxLayerWidth);
        writer.Write(NetworkLimits.MaxLayerWidth);
        writer.Write(0);
        writer.Write(6);
        foreach (var (rows, cols) in new[] { (NetworkLimits.MaxLayerWidth, 4), (1, NetworkLimits.MaxLayerWidth), (NetworkLimits.MaxLayerWidth, NetworkLimits.MaxLayerWidth), (1, NetworkLimits.MaxLayerWidth), (2, NetworkLimits.MaxLayerWidth), (1, 2) })
        {
            writer.Write(rows);
            writer.Write(cols);
        }

        writer.Write(new byte[200]);
        var message = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(header.ToArray()))).Message;
        Assert.Contains($"at most {NetworkLimits.MaxParameters}", message);
    }

    [Fact]
    public void The_run_progress_round_trips_and_a_version_1_file_reads_with_none()
    {
        var progress = new RunProgress
        {
            EnvSteps = 123_456,
            TrainEpisodes = 789,
            EvalEpisodes = 240,
            TransitionsInserted = 120_000,
            ReplaySize = 100_000,
            WeightBroadcasts = 55,
            EnvErrors = 2,
            ElapsedSeconds = 61.5,
            SolvedAtSeconds = 42.25,
            SolvedAtEnvSteps = 99_000,
            EvalWindow = Enumerable.Range(0, 100).Select(i => 400.0 + i).ToArray(),
        };
        var state = State();
        state.Progress = progress;
        var loaded = DqnCheckpoint.Load(new MemoryStream(Save(state)), Spec);
        Assert.Equal(progress with { EvalWindow = loaded.Progress.EvalWindow }, loaded.Progress);
        Assert.Equal(progress.EvalWindow, loaded.Progress.EvalWindow);

        var v1 = Version1Checkpoint.From(Save(State()), Spec);
        var old = DqnCheckpoint.Load(new MemoryStream(v1), Spec);
        Assert.Same(RunProgress.None, old.Progress);
        Assert.Equal(State().Online, old.Online);
    }

    private static DqnTrainingState State()
    {
        var learner = new DqnLearner(Spec.ObsDim, Spec.ActionCount, new DqnOptions { HiddenSizes = [8], Dueling = false, Seed = 3 });
        learner.Train(DqnLearnerTests.RandomBatch(Spec, 16, seed: 1));
        return learner.ExportState();
    }

    private static byte[] Save(DqnTrainingState state)
    {
        var stream = new MemoryStream();
        DqnCheckpoint.Save(stream, state);
        return stream.ToArray();
    }

    /// <summary>A stream that never ends (like <c>/dev/zero</c>): optional real bytes, then <paramref name="fill"/> forever; not seekable.</summary>
    private sealed class EndlessStream(byte fill, byte[]? prefix = null) : Stream
    {
        private readonly byte[] _prefix = prefix ?? [];

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = BytesRead + i < _prefix.Length ? _prefix[BytesRead + i] : fill;
            }

            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
