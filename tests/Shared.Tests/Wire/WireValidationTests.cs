using System.Buffers.Binary;
using System.Diagnostics;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// Each limit and each value rule rejects with a <see cref="WireFormatException"/> that names the field, shows
/// the bad value and the allowed range or limit. Values the encoder does not check are produced by encoding an
/// invalid message; structural faults by patching bytes at offsets taken from the documented layout.
/// </summary>
public class WireValidationTests
{
    // TransitionBatch payload fields (see TransitionBatchCodec).
    private const int CountField = 2;
    private const int ObsDimField = 3;
    private const int EncodingField = 4;
    private const int TraceField = 5;
    private const int TerminatedField = 11;

    // WeightSnapshot payload fields: Version, Trace, Shapes, Weights.
    private const int ShapesField = 2;

    [Fact]
    public void The_sample_batch_has_the_layout_these_tests_patch()
    {
        var bytes = WireAssert.Encode(SampleBatch());
        Assert.Equal(197, bytes.Length);
        Assert.Equal(0xD2, bytes[MessagePackDocument.FieldOffset(bytes, CountField)]);
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(MessagePackDocument.FieldOffset(bytes, CountField) + 1)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(MessagePackDocument.FieldOffset(bytes, ObsDimField) + 1)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(MessagePackDocument.FieldOffset(bytes, EncodingField) + 1)));
        var terminated = MessagePackDocument.BinDataOffset(bytes, TerminatedField);
        Assert.Equal([1, 0, 1], bytes[terminated..(terminated + 3)]);
    }

    [Fact]
    public void Count_above_MaxBatch_is_rejected_before_allocating() =>
        Rejects(WireAssert.Encode(SampleBatch()), "TransitionBatch.Count", WireLimits.Default with { MaxBatch = 2 }, "3", "MaxBatch", "2");

    [Fact]
    public void ObsDim_above_MaxObsDim_is_rejected() =>
        Rejects(WireAssert.Encode(SampleBatch()), "TransitionBatch.ObsDim", WireLimits.Default with { MaxObsDim = 1 }, "= 2", "MaxObsDim = 1");

    [Fact]
    public void ObsDim_zero_is_rejected() =>
        Rejects(Patched(SampleBatch(), ObsDimField, 0), "TransitionBatch.ObsDim", null, "= 0", "≥ 1");

    [Fact]
    public void A_negative_count_is_rejected() =>
        Rejects(Patched(SampleBatch(), CountField, -5), "TransitionBatch.Count", null, "-5", "≥ 0");

    [Fact]
    public void A_huge_count_within_limits_but_beyond_the_bytes_is_rejected_as_truncated() =>
        Rejects(Patched(SampleBatch(), CountField, 65_536), "TransitionBatch.Count", null, "65536", "truncated");

    [Fact]
    public void A_bin_whose_length_disagrees_with_Count_is_rejected() =>
        Rejects(Patched(SampleBatch(), CountField, 2), "TransitionBatch.Observations", null, "24 bytes", "Count × ObsDim = 4", "requires 16");

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void An_unknown_observation_encoding_is_rejected(int encoding) =>
        Rejects(Patched(SampleBatch(), EncodingField, encoding), "TransitionBatch.Encoding", null, $"= {encoding}", "0 (float32) or 1 (uint8)");

    [Fact]
    public void A_uint8_batch_round_trips_its_bytes()
    {
        var decoded = WireCodec.DecodeTransitionBatch(WireAssert.Encode(SampleBoardBatch()), WireLimits.Default);
        Assert.Equal(ObservationEncoding.UInt8, decoded.Encoding);
        Assert.Equal([0, 1, 1, 0, 255, 1], decoded.ObservationBytes);
        Assert.Empty(decoded.Observations);
    }

    [Fact]
    public void A_uint8_bin_whose_byte_count_disagrees_with_Count_is_rejected() =>
        Rejects(Patched(SampleBoardBatch(), CountField, 2), "TransitionBatch.Observations", null, "6 bytes", "Count × ObsDim = 4", "requires 4");

    [Fact]
    public void Float_observations_relabelled_uint8_are_rejected_by_their_byte_count() =>
        Rejects(Patched(SampleBatch(), EncodingField, 1), "TransitionBatch.Observations", null, "24 bytes", "Count × ObsDim = 6", "requires 6");

    [Fact]
    public void A_tensor_sent_as_a_MessagePack_array_of_floats_instead_of_one_bin_is_rejected()
    {
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 1, 13);
            writer.WriteInt32(7);
            writer.WriteInt64(1);
            writer.WriteInt32(1);
            writer.WriteInt32(1);
            writer.WriteInt32(0);
            writer.Write(new byte[25]);
            writer.WriteArrayHeader(1);
            writer.Write(0.5f);
            for (var i = 0; i < 6; i++)
            {
                writer.Write(new byte[4]);
            }
        });

        Rejects(bytes, "TransitionBatch.Observations", null, "expected a bin", "0x91");
    }

    [Fact]
    public void A_scalar_of_the_wrong_MessagePack_type_is_rejected()
    {
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 4, 4);
            writer.Write("node");
            writer.Write("2");
            writer.Write(1);
            writer.Write(1);
        });

        Rejects(bytes, "Hello.ProtocolVersion", null, "expected an integer", "0xA1");
    }

    [Fact]
    public void An_integer_too_large_for_its_field_is_rejected()
    {
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 4, 4);
            writer.Write("node");
            writer.Write(int.MaxValue + 1L);
            writer.Write(1);
            writer.Write(1);
        });

        Rejects(bytes, "Hello.ProtocolVersion", null, "malformed");
    }

    [Fact]
    public void A_bool_byte_other_than_0_or_1_is_rejected()
    {
        var bytes = WireAssert.Encode(SampleBatch());
        bytes[MessagePackDocument.BinDataOffset(bytes, TerminatedField) + 1] = 2;
        var exception = Rejects(bytes, "TransitionBatch.Terminated", null, "Terminated[1] = 2", "0 or 1");
        Assert.Equal("2", exception.Value);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Non_finite_observations_are_rejected(float bad, string shown)
    {
        var batch = SampleBatch();
        batch.Observations[4] = bad;
        var exception = Rejects(WireAssert.Encode(batch), "TransitionBatch.Observations", null, "Observations[4]", "finite");
        Assert.Equal(bad.ToString("R", System.Globalization.CultureInfo.InvariantCulture), exception.Value);
        Assert.Contains(shown, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_next_observations_are_rejected()
    {
        var batch = SampleBatch();
        batch.NextObservations[5] = float.NaN;
        Rejects(WireAssert.Encode(batch), "TransitionBatch.NextObservations", null, "NextObservations[5] = NaN", "finite");
    }

    [Fact]
    public void Non_finite_rewards_are_rejected()
    {
        var batch = SampleBatch();
        batch.Rewards[2] = float.PositiveInfinity;
        Rejects(WireAssert.Encode(batch), "TransitionBatch.Rewards", null, "Rewards[2]", "finite");
    }

    [Theory]
    [InlineData(1.5f, "1.5")]
    [InlineData(-0.25f, "-0.25")]
    [InlineData(float.NaN, "NaN")]
    public void Discounts_outside_the_unit_interval_are_rejected(float bad, string shown)
    {
        var batch = SampleBatch();
        batch.Discounts[1] = bad;
        Rejects(WireAssert.Encode(batch), "TransitionBatch.Discounts", null, $"Discounts[1] = {shown}", "[0, 1]");
    }

    [Fact]
    public void Negative_actions_are_rejected()
    {
        var batch = SampleBatch();
        batch.Actions[0] = -3;
        Rejects(WireAssert.Encode(batch), "TransitionBatch.Actions", null, "Actions[0] = -3", "≥ 0");
    }

    [Fact]
    public void Non_finite_initial_priorities_are_rejected_but_negative_ones_mean_use_the_max()
    {
        var batch = SampleBatch();
        batch.InitialPriorities[0] = -1f;
        Assert.Equal(-1f, WireCodec.DecodeTransitionBatch(WireAssert.Encode(batch), WireLimits.Default).InitialPriorities[0]);

        batch.InitialPriorities[2] = float.NaN;
        Rejects(WireAssert.Encode(batch), "TransitionBatch.InitialPriorities", null, "InitialPriorities[2] = NaN", "finite");
    }

    [Fact]
    public void Rows_past_Count_are_neither_sent_nor_checked()
    {
        var batch = SampleBatch();
        batch.Observations[7] = float.NaN;
        batch.Discounts[3] = 7f;
        batch.Actions[3] = -1;
        var decoded = WireCodec.DecodeTransitionBatch(WireAssert.Encode(batch), WireLimits.Default);
        Assert.Equal(3, decoded.Actions.Length);
    }

    [Fact]
    public void A_trace_with_only_a_span_id_is_rejected()
    {
        var bytes = WireAssert.Encode(SampleBatch() with { Trace = SampleTrace() });
        bytes.AsSpan(MessagePackDocument.BinDataOffset(bytes, TraceField), 16).Clear();
        Rejects(bytes, "TransitionBatch.Trace.TraceId", null, "all zero");
    }

    [Fact]
    public void A_trace_with_only_a_trace_id_is_rejected()
    {
        var bytes = WireAssert.Encode(SampleBatch() with { Trace = SampleTrace() });
        bytes.AsSpan(MessagePackDocument.BinDataOffset(bytes, TraceField) + 16, 8).Clear();
        Rejects(bytes, "TransitionBatch.Trace.SpanId", null, "all zero");
    }

    [Fact]
    public void Trace_flags_without_ids_are_rejected()
    {
        var bytes = WireAssert.Encode(SampleBatch());
        bytes[MessagePackDocument.BinDataOffset(bytes, TraceField) + 24] = 1;
        Rejects(bytes, "TransitionBatch.Trace.Flags", null, "= 1", "must be 0");
    }

    [Fact]
    public void Weights_above_MaxWeights_are_rejected() =>
        Rejects(WireAssert.Encode(SampleSnapshot()), "WeightSnapshot.Shapes", WireLimits.Default with { MaxWeights = 5 }, "MaxWeights = 5");

    [Fact]
    public void Shapes_above_MaxShapes_are_rejected() =>
        Rejects(WireAssert.Encode(SampleSnapshot()), "WeightSnapshot.Shapes", WireLimits.Default with { MaxShapes = 1 }, "= 2", "MaxShapes = 1");

    [Fact]
    public void A_weight_count_above_MaxWeights_is_rejected_even_when_the_shapes_are_small()
    {
        // Encode one 1×7 shape and seven weights, then shrink the shape to 1×1: the shapes pass the limit, the weights do not.
        var bytes = WireAssert.Encode(new WeightSnapshot(1, [new ParameterShape(1, 7)], new float[7]));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(MessagePackDocument.BinDataOffset(bytes, ShapesField) + 4), 1);
        Rejects(bytes, "WeightSnapshot.Weights", WireLimits.Default with { MaxWeights = 6 }, "= 7", "MaxWeights = 6");
    }

    [Fact]
    public void Shapes_whose_total_differs_from_the_weights_length_are_rejected()
    {
        // Shape 0 is 2×3; make it 2×4 so the shapes promise 8 + 4 = 12 weights while 10 follow.
        var bytes = PatchedShape(SampleSnapshot(), 4, 4);
        var exception = Rejects(bytes, "WeightSnapshot.Weights", null, "10 elements", "Shapes", "12");
        Assert.Equal("10", exception.Value);
    }

    [Fact]
    public void Empty_or_negative_shapes_are_rejected()
    {
        Rejects(PatchedShape(SampleSnapshot(), 0, 0), "WeightSnapshot.Shapes[0].Rows", null, "= 0", "≥ 1");
        Rejects(PatchedShape(SampleSnapshot(), 12, -4), "WeightSnapshot.Shapes[1].Cols", null, "= -4", "≥ 1");
    }

    [Fact]
    public void Tensor_bins_that_are_not_whole_elements_are_rejected()
    {
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 2, 4);
            writer.WriteInt64(1);
            writer.Write(new byte[25]);
            writer.Write(new byte[7]);
            writer.Write(Array.Empty<byte>());
        });

        Rejects(bytes, "WeightSnapshot.Shapes", null, "7 bytes", "whole number");
    }

    [Fact]
    public void Non_finite_weights_are_rejected()
    {
        var snapshot = SampleSnapshot();
        snapshot.Weights[9] = float.NegativeInfinity;
        Rejects(WireAssert.Encode(snapshot), "WeightSnapshot.Weights", null, "Weights[9]", "finite");
    }

    [Fact]
    public void PriorityUpdate_count_above_MaxBatch_is_rejected() =>
        Rejects(WireAssert.Encode(new PriorityUpdate(3, [1, 2, 3], [1f, 2f, 3f])), "PriorityUpdate.Count", WireLimits.Default with { MaxBatch = 2 }, "MaxBatch = 2");

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Priorities_that_would_corrupt_the_sum_tree_are_rejected(float bad) =>
        Rejects(WireAssert.Encode(new PriorityUpdate(2, [1, 2], [1f, bad])), "PriorityUpdate.Priorities", null, "Priorities[1]", "finite and ≥ 0");

    [Fact]
    public void A_node_id_above_MaxStringBytes_is_rejected()
    {
        // "é" is two UTF-8 bytes: 129 of them are 258 bytes, over the default 256.
        var bytes = WireAssert.Encode(new Hello(new string('é', 129), 1, 1, 1));
        Rejects(bytes, "Hello.NodeId", null, "258", "MaxStringBytes = 256");
        Assert.Equal(128, WireCodec.DecodeHello(WireAssert.Encode(new Hello(new string('é', 128), 1, 1, 1)), WireLimits.Default).NodeId.Length);
    }

    [Fact]
    public void A_node_id_that_is_not_UTF8_is_rejected()
    {
        var bytes = WireAssert.Encode(new Heartbeat("node-a", 1, 2, 3, 4, 5));
        bytes[MessagePackDocument.FieldOffset(bytes, 0) + 1 + 2] = 0xFF;
        Rejects(bytes, "Heartbeat.NodeId", null, "not valid UTF-8");
    }

    [Fact]
    public void A_lone_surrogate_encoded_by_hand_is_rejected_as_invalid_UTF8()
    {
        var bytes = WireAssert.Encode(new Hello("abc", 1, 1, 1));
        // ED A0 80 is the CESU-style encoding of U+D800, which UTF-8 forbids.
        var text = MessagePackDocument.FieldOffset(bytes, 0) + 1;
        bytes[text] = 0xED;
        bytes[text + 1] = 0xA0;
        bytes[text + 2] = 0x80;
        Rejects(bytes, "Hello.NodeId", null, "not valid UTF-8");
    }

    [Fact]
    public void An_empty_node_id_is_rejected() =>
        Rejects(WireAssert.Encode(new Hello(string.Empty, 1, 1, 1)), "Hello.NodeId", null, "must not be empty");

    [Fact]
    public void Negative_counters_are_rejected()
    {
        Rejects(WireAssert.Encode(new Hello("n", 1, -1, 1)), "Hello.Actors", null, "= -1", "≥ 0");
        Rejects(WireAssert.Encode(new Hello("n", 1, 1, -2)), "Hello.EnvsPerActor", null, "= -2", "≥ 0");
        Rejects(WireAssert.Encode(new Heartbeat("n", 1, 1, -7, 0, 0)), "Heartbeat.TransitionsSent", null, "= -7");
        Rejects(WireAssert.Encode(new ActorStats(0, -1, 0, 0, 0, 0, 0)), "ActorStats.EnvSteps", null, "= -1");
        Rejects(WireAssert.Encode(new ActorStats(0, 0, -1, 0, 0, 0, 0)), "ActorStats.Episodes", null, "= -1");
        Rejects(WireAssert.Encode(new ActorStats(0, 0, 0, 0, 0, 0, -1)), "ActorStats.EnvErrors", null, "= -1");
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void An_epsilon_outside_the_unit_interval_is_rejected(double epsilon) =>
        Rejects(WireAssert.Encode(new ActorStats(0, 0, 0, double.NaN, epsilon, 0, 0)), "ActorStats.Epsilon", null, "[0, 1]");

    [Fact]
    public void Run_config_above_MaxConfigBytes_is_rejected() =>
        Rejects(WireAssert.Encode(new RunConfigEnvelope("{\"a\":1}")), "RunConfig.Json", WireLimits.Default with { MaxConfigBytes = 6 }, "= 7", "MaxConfigBytes = 6");

    [Fact]
    public void Trailing_bytes_after_the_message_are_rejected()
    {
        byte[] bytes = [.. WireAssert.Encode(new RunConfigEnvelope("{}")), 0];
        Rejects(bytes, "message", null, "1 trailing bytes");
    }

    [Fact]
    public void A_message_cut_inside_a_field_names_the_field_as_truncated()
    {
        var bytes = WireAssert.Encode(new ActorStats(1, 2, 3, 4, 0.5, 6, 7));
        Rejects(bytes[..^3], "ActorStats.EnvErrors", null, "truncated");
    }

    [Fact]
    public void WeightsChunk_index_and_count_must_describe_a_piece_of_a_whole()
    {
        Rejects(WireAssert.Encode(new WeightsChunk(1, -1, 3, [1])), "WeightsChunk.Index", null, "= -1", "[0, Count = 3)");
        Rejects(WireAssert.Encode(new WeightsChunk(1, 3, 3, [1])), "WeightsChunk.Index", null, "= 3", "[0, Count = 3)");
        Rejects(WireAssert.Encode(new WeightsChunk(1, 0, 0, [1])), "WeightsChunk.Count", null, "= 0", "[1, WireLimits.MaxChunks = 4096]");
        Rejects(WireAssert.Encode(new WeightsChunk(1, 0, 4_097, [1])), "WeightsChunk.Count", null, "= 4097");
        Rejects(WireAssert.Encode(new WeightsChunk(-1, 0, 1, [1])), "WeightsChunk.Version", null, "= -1", "≥ 0");
        Assert.Equal(4_095, WireCodec.DecodeWeightsChunk(WireAssert.Encode(new WeightsChunk(0, 4_095, 4_096, [])), WireLimits.Default).Index);
    }

    [Fact]
    public void A_chunk_above_MaxChunkBytes_is_rejected()
    {
        var bytes = WireAssert.Encode(new WeightsChunk(1, 0, 1, new byte[11]));
        Rejects(bytes, "WeightsChunk.Bytes", WireLimits.Default with { MaxChunkBytes = 10 }, "= 11", "MaxChunkBytes = 10");
        Assert.Equal(1024 * 1024, WireCodec.DecodeWeightsChunk(WireAssert.Encode(new WeightsChunk(1, 0, 1, new byte[1024 * 1024])), WireLimits.Default).Bytes.Length);
        Rejects(WireAssert.Encode(new WeightsChunk(1, 0, 1, new byte[(1024 * 1024) + 1])), "WeightsChunk.Bytes", null, "MaxChunkBytes = 1048576");
    }

    [Fact]
    public void Actor_ids_must_be_non_negative_and_within_MaxActors()
    {
        Rejects(WireAssert.Encode(new JoinGrant("{}", [0, -3])), "JoinGrant.ActorIds", null, "ActorIds[1] = -3", "≥ 0");
        Rejects(WireAssert.Encode(new JoinGrant("{}", [0, 1, 2])), "JoinGrant.ActorIds", WireLimits.Default with { MaxActors = 2 }, "= 3", "MaxActors = 2");
        Rejects(WireAssert.Encode(new Heartbeat("n", 2, 1, 0, 0, 0, [4, int.MinValue])), "Heartbeat.ActorIds", null, "ActorIds[1]", "≥ 0");
        Rejects(WireAssert.Encode(new Heartbeat("n", 2, 1, 0, 0, 0, [1, 2, 3])), "Heartbeat.ActorIds", WireLimits.Default with { MaxActors = 2 }, "MaxActors = 2");
    }

    [Fact]
    public void Actor_ids_that_are_not_whole_int32s_are_rejected()
    {
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 8, 2);
            writer.Write("{}");
            writer.Write(new byte[7]);
        });

        Rejects(bytes, "JoinGrant.ActorIds", null, "7 bytes", "whole number");
    }

    [Fact]
    public void The_new_counters_are_checked()
    {
        Rejects(WireAssert.Encode(new Heartbeat("n", 2, 1, 0, 0, 0, null, -1)), "Heartbeat.TransitionsLost", null, "= -1", "≥ 0");
        Rejects(WireAssert.Encode(new NodeStats("n", -1, new ActorStats(0, 0, 0, 0, 0, 0, 0))), "NodeStats.NonZeroRewards", null, "= -1");
        Rejects(WireAssert.Encode(new NodeStats("", 0, new ActorStats(0, 0, 0, 0, 0, 0, 0))), "NodeStats.NodeId", null, "must not be empty");
        Rejects(WireAssert.Encode(new NodeStats("n", 0, new ActorStats(0, 0, 0, 0, 1.5, 0, 0))), "NodeStats.Stats.Epsilon", null, "[0, 1]");
        Rejects(WireAssert.Encode(new NodeStats("n", 0, new ActorStats(0, -2, 0, 0, 0, 0, 0))), "NodeStats.Stats.EnvSteps", null, "= -2");
    }

    [Fact]
    public void Strings_above_their_limits_are_rejected()
    {
        Rejects(WireAssert.Encode(new JoinRefused(new string('x', 4_097))), "JoinRefused.Reason", null, "= 4097", "MaxReasonBytes = 4096");
        Assert.Equal(4_096, WireCodec.DecodeJoinRefused(WireAssert.Encode(new JoinRefused(new string('x', 4_096))), WireLimits.Default).Reason.Length);
        Rejects(WireAssert.Encode(new JoinGrant("{\"a\":1}", [])), "JoinGrant.ConfigJson", WireLimits.Default with { MaxConfigBytes = 6 }, "= 7", "MaxConfigBytes = 6");
    }

    [Theory]
    [InlineData(8, "JoinGrant.ActorIds")]
    [InlineData(10, "WeightsChunk.Bytes")]
    [InlineData(2, "WeightSnapshot.Weights")]
    [InlineData(9, "JoinRefused.Reason")]
    public void A_huge_length_is_rejected_as_truncated_before_anything_is_allocated_for_it(int type, string field)
    {
        // Each document ends in a bin32 or str32 announcing 2 GiB - 16 bytes, followed by only 3.
        var bytes = MessagePackDocument.Build((ref writer) =>
        {
            switch (type)
            {
                case 8:
                    MessagePackDocument.Header(ref writer, type, 2);
                    writer.Write("{}");
                    writer.WriteRaw([0xC6, 0x7F, 0xFF, 0xFF, 0xF0]);
                    break;
                case 10:
                    MessagePackDocument.Header(ref writer, type, 4);
                    writer.WriteInt64(1);
                    writer.WriteInt32(0);
                    writer.WriteInt32(1);
                    writer.WriteRaw([0xC6, 0x7F, 0xFF, 0xFF, 0xF0]);
                    break;
                case 2:
                    MessagePackDocument.Header(ref writer, type, 4);
                    writer.WriteInt64(1);
                    writer.Write(new byte[25]);
                    writer.Write((byte[])[1, 0, 0, 0, 1, 0, 0, 0]);
                    writer.WriteRaw([0xC6, 0x7F, 0xFF, 0xFF, 0xF0]);
                    break;
                default:
                    MessagePackDocument.Header(ref writer, type, 1);
                    writer.WriteRaw([0xDB, 0x7F, 0xFF, 0xFF, 0xF0]);
                    break;
            }

            writer.WriteRaw([1, 2, 3]);
        });

        Rejects(bytes, field, null, "truncated");
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, WireLimits.Default));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    [Fact]
    public void The_limits_themselves_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireLimits { MaxBatch = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => WireLimits.Default with { MaxStringBytes = -1 });
    }

    [Fact]
    public void The_default_limits_are_the_documented_ones()
    {
        var limits = WireLimits.Default;
        Assert.Equal(65_536, limits.MaxBatch);
        Assert.Equal(4_096, limits.MaxObsDim);
        Assert.Equal(64 * 1024 * 1024, limits.MaxWeights);
        Assert.Equal(1_024, limits.MaxShapes);
        Assert.Equal(256, limits.MaxStringBytes);
        Assert.Equal(1024 * 1024, limits.MaxConfigBytes);
        Assert.Equal(65_536, limits.MaxActors);
        Assert.Equal(1024 * 1024, limits.MaxChunkBytes);
        Assert.Equal(4_096, limits.MaxChunks);
        Assert.Equal(4 * 1024, limits.MaxReasonBytes);
    }

    private static WireFormatException Rejects(byte[] bytes, string field, WireLimits? limits, params string[] fragments)
    {
        var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(bytes, limits ?? WireLimits.Default));
        Assert.Equal(field, exception.Field);
        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, exception.Message, StringComparison.Ordinal);
        }

        return exception;
    }

    /// <summary>The message with its int32 payload field <paramref name="field"/> set to <paramref name="value"/>.</summary>
    private static byte[] Patched(object message, int field, int value) =>
        MessagePackDocument.PatchInt32(WireAssert.Encode(message), field, value);

    /// <summary>The snapshot with the int32 at <paramref name="offset"/> inside its Shapes bin set to <paramref name="value"/>.</summary>
    private static byte[] PatchedShape(WeightSnapshot snapshot, int offset, int value)
    {
        var bytes = WireAssert.Encode(snapshot);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(MessagePackDocument.BinDataOffset(bytes, ShapesField) + offset), value);
        return bytes;
    }

    /// <summary>Count 3 of capacity 4, ObsDim 2, all values valid; row 3 is spare.</summary>
    private static TransitionBatch SampleBatch() => new(
        SourceActor: 7,
        WeightsVersion: 11,
        Count: 3,
        ObsDim: 2,
        Observations: [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0f, 0f],
        Actions: [0, 1, 1, 0],
        Rewards: [1f, 1f, 0f, 0f],
        NextObservations: [0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0f, 0f],
        Discounts: [0.99f, 0.98f, 0f, 0f],
        Terminated: [true, false, true, false],
        InitialPriorities: [-1f, 2f, 3f, 0f]);

    /// <summary>The sample batch with its observations as bytes (one of them 255: the wire takes any byte).</summary>
    private static TransitionBatch SampleBoardBatch() => SampleBatch() with
    {
        Observations = [],
        NextObservations = [],
        Encoding = ObservationEncoding.UInt8,
        ObservationBytes = [0, 1, 1, 0, 255, 1, 0, 0],
        NextObservationBytes = [1, 1, 0, 0, 1, 0, 0, 0],
    };

    /// <summary>Shapes 2×3 and 1×4: ten weights.</summary>
    private static WeightSnapshot SampleSnapshot() =>
        new(5, [new ParameterShape(2, 3), new ParameterShape(1, 4)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    private static ActivityContext SampleTrace() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
}
