using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.Tests.Dqn;

namespace Flock.Learner.Tests.Checkpoints;

public sealed class DqnCheckpointTests
{
    private static readonly QNetworkSpec Spec = new(4, 3, [24, 16], dueling: true);

    [Fact]
    public void A_saved_and_loaded_learner_continues_exactly_like_the_original()
    {
        var original = TrainedLearner(updates: 7);
        var bytes = Save(original.ExportState());
        var restored = new DqnLearner(Spec.ObsDim, Spec.ActionCount, Options(seed: 99));
        restored.ImportState(DqnCheckpoint.Load(new MemoryStream(bytes), Spec));

        Assert.Equal(original.Updates, restored.Updates);
        Assert.Equal(original.TargetSyncs, restored.TargetSyncs);
        var batch = DqnLearnerTests.RandomBatch(Spec, 20, seed: 3);
        var expected = original.Train(batch);
        var actual = restored.Train(batch);
        Assert.Equal(expected, actual);
        Assert.Equal(original.LastTdErrors.ToArray(), restored.LastTdErrors.ToArray());
        var expectedState = original.ExportState();
        var actualState = restored.ExportState();
        Assert.Equal(expectedState.Online, actualState.Online);
        Assert.Equal(expectedState.Target, actualState.Target);
        Assert.Equal(expectedState.AdamFirstMoment, actualState.AdamFirstMoment);
        Assert.Equal(expectedState.AdamSecondMoment, actualState.AdamSecondMoment);
        Assert.Equal(expectedState.AdamStep, actualState.AdamStep);
    }

    [Fact]
    public void The_learner_saves_and_loads_its_own_checkpoint()
    {
        var original = TrainedLearner(updates: 5);
        var stream = new MemoryStream();
        original.SaveCheckpoint(stream);
        var restored = new DqnLearner(Spec.ObsDim, Spec.ActionCount, Options(seed: 42));
        restored.LoadCheckpoint(new MemoryStream(stream.ToArray()));
        Assert.Equal(5, restored.Updates);
        Assert.Equal(original.Snapshot().Weights, restored.Snapshot().Weights);
    }

    [Fact]
    public void The_online_network_alone_loads_from_the_file_with_its_architecture()
    {
        var learner = TrainedLearner(updates: 3);
        var network = DqnCheckpoint.LoadOnlineNetwork(new MemoryStream(Save(learner.ExportState())));
        Assert.Equal(Spec, network.Spec);
        Assert.Equal(3, network.Version);

        var observations = new float[] { 0.1f, -0.2f, 0.3f, 0.5f, 1, 2, 3, 4 };
        var expected = new float[6];
        var actual = new float[6];
        learner.Backend.Online.Forward(observations, 2, expected);
        network.Forward(observations, 2, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Saving_to_a_path_replaces_the_file_atomically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flock-checkpoint-{Guid.NewGuid():N}.bin");
        try
        {
            DqnCheckpoint.Save(path, TrainedLearner(updates: 1).ExportState());
            DqnCheckpoint.Save(path, TrainedLearner(updates: 2).ExportState());
            Assert.Equal(2, DqnCheckpoint.Load(path, Spec).Updates);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_different_architecture_is_named_in_the_error()
    {
        var bytes = Save(new DqnLearner(4, 2, Options(hidden: [256, 256], dueling: false)).ExportState());
        var error = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(bytes), new QNetworkSpec(4, 2, [256, 128], false)));
        Assert.Equal("checkpoint layer 2 weight is 256×256, network expects 256×128", error.Message);

        error = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(bytes), new QNetworkSpec(4, 3, [256, 256], false)));
        Assert.Equal("checkpoint has 2 actions, network expects 3", error.Message);

        error = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(bytes), new QNetworkSpec(4, 2, [256, 256], true)));
        Assert.Equal("checkpoint head is plain, network expects dueling", error.Message);
    }

    [Fact]
    public void Every_truncation_is_reported_as_such()
    {
        var bytes = Save(TrainedLearner(updates: 1).ExportState());
        foreach (var length in new[] { 0, 3, 8, 11, 12, 20, 40, 80, 100, bytes.Length / 2, bytes.Length - 5, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(bytes[..length]), Spec));
            Assert.True(length < 8 || error.Message.Contains("truncated"), $"{length} bytes: {error.Message}");
        }
    }

    [Fact]
    public void Any_flipped_byte_is_caught_before_the_data_is_used()
    {
        var bytes = Save(TrainedLearner(updates: 1).ExportState());
        var random = new Random(1);
        for (var trial = 0; trial < 200; trial++)
        {
            var corrupted = (byte[])bytes.Clone();
            var position = trial < 60 ? trial : random.Next(bytes.Length);
            corrupted[position] ^= (byte)(1 << random.Next(8));
            Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(corrupted)));
        }
    }

    [Fact]
    public void A_corrupted_width_that_would_need_huge_arrays_is_refused_before_allocating()
    {
        var bytes = Save(TrainedLearner(updates: 1).ExportState());
        // Hidden widths start after magic, version, obs dim, actions, dueling flag and the hidden count.
        BitConverter.GetBytes((1 << 20) - 1).CopyTo(bytes, 25);
        BitConverter.GetBytes((1 << 20) - 1).CopyTo(bytes, 29);
        Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(bytes)));
    }

    [Fact]
    public void Wrong_magic_and_version_say_so()
    {
        var bytes = Save(TrainedLearner(updates: 1).ExportState());
        var notOurs = (byte[])bytes.Clone();
        notOurs[0] = (byte)'X';
        Assert.Contains("not a Flock DQN checkpoint", Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(notOurs))).Message);

        var future = (byte[])bytes.Clone();
        future[8] = 3;
        Assert.Equal(
            "checkpoint format version is 3, this build reads versions 1 and 2",
            Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(future))).Message);
    }

    [Fact]
    public void The_file_starts_with_magic_and_version_in_little_endian()
    {
        var bytes = Save(TrainedLearner(updates: 1).ExportState());
        Assert.Equal("FLOCKDQN"u8.ToArray(), bytes[..8]);
        Assert.Equal(new byte[] { 2, 0, 0, 0 }, bytes[8..12]);
        Assert.Equal(new byte[] { 4, 0, 0, 0, 3, 0, 0, 0, 1 }, bytes[12..21]);
    }

    [Fact]
    public void The_evaluation_of_the_weights_is_recorded_in_the_file_and_read_back()
    {
        var state = TrainedLearner(updates: 3).ExportState();
        Assert.Null(DqnCheckpoint.Load(new MemoryStream(Save(state))).EvaluationMeanReturn);

        state.EvaluationMeanReturn = 0.8765;
        state.EvaluationEpisodes = 100;
        var loaded = DqnCheckpoint.Load(new MemoryStream(Save(state)), Spec);
        Assert.Equal(0.8765, loaded.EvaluationMeanReturn);
        Assert.Equal(100, loaded.EvaluationEpisodes);
        Assert.Equal(state.Online, loaded.Online);
    }

    [Fact]
    public void A_version_1_file_without_the_evaluation_is_still_read()
    {
        var state = TrainedLearner(updates: 3).ExportState();
        state.EvaluationMeanReturn = 1;
        state.EvaluationEpisodes = 100;
        var v2 = Save(state);

        var v1 = Version1Checkpoint.From(v2, Spec);

        var loaded = DqnCheckpoint.Load(new MemoryStream(v1), Spec);
        Assert.Null(loaded.EvaluationMeanReturn);
        Assert.Equal(0, loaded.EvaluationEpisodes);
        Assert.Equal(state.Online, loaded.Online);
        Assert.Equal(state.Updates, loaded.Updates);
    }

    [Fact]
    public void A_convolutional_network_round_trips_with_its_architecture_and_a_different_one_is_named()
    {
        var spec = Networks.GradientCheckTests.ConvolutionSpec([10, 10, 4], "conv16k3s1,fc128", dueling: false, actions: 6);
        var options = new DqnOptions
        {
            HiddenSizes = spec.HiddenSizes, Convolutions = spec.Convolutions, ObservationShape = spec.InputShape, Dueling = false, Seed = 4,
        };
        var learner = new DqnLearner(spec.ObsDim, spec.ActionCount, options);
        learner.Train(DqnLearnerTests.RandomBatch(spec, 16, seed: 2));
        var bytes = Save(learner.ExportState());

        var network = DqnCheckpoint.LoadOnlineNetwork(new MemoryStream(bytes));
        Assert.Equal(spec, network.Spec);
        Assert.Equal(learner.Snapshot().Weights, network.Snapshot().Weights);

        var other = Networks.GradientCheckTests.ConvolutionSpec([10, 10, 4], "conv8k3s1,fc128", dueling: false, actions: 6);
        var error = Assert.Throws<InvalidDataException>(() => DqnCheckpoint.Load(new MemoryStream(bytes), other));
        Assert.Equal("checkpoint network is conv16k3s1,fc128 over (10, 10, 4), network expects conv8k3s1,fc128 over (10, 10, 4)", error.Message);
    }

    private static DqnOptions Options(ulong seed = 1, int[]? hidden = null, bool dueling = true) =>
        new() { HiddenSizes = hidden ?? [24, 16], Dueling = dueling, TargetUpdateInterval = 4, Seed = seed };

    private static DqnLearner TrainedLearner(int updates)
    {
        var learner = new DqnLearner(Spec.ObsDim, Spec.ActionCount, Options());
        var batch = DqnLearnerTests.RandomBatch(Spec, 20, seed: 1);
        for (var i = 0; i < updates; i++)
        {
            learner.Train(batch);
        }

        return learner;
    }

    private static byte[] Save(DqnTrainingState state)
    {
        var stream = new MemoryStream();
        DqnCheckpoint.Save(stream, state);
        return stream.ToArray();
    }
}
