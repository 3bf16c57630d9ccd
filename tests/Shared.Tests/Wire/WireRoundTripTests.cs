using System.Buffers;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Shared.Tests.Wire;

public class WireRoundTripTests
{
    private static readonly Config Properties = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void TransitionBatch_round_trips_its_first_Count_rows() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.TransitionBatch.ToArbitrary(), batch =>
        {
            var decoded = WireCodec.DecodeTransitionBatch(WireAssert.Encode(batch), WireLimits.Default);
            WireAssert.Equivalent(batch, decoded);
            Assert.Equal(batch.Count, decoded.Capacity);
        }));

    [Fact]
    public void TransitionBatch_decodes_into_a_reused_batch_without_new_arrays_when_capacity_suffices() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.TransitionBatch.ToArbitrary(), batch =>
        {
            var reuse = TransitionBatch.Allocate(sourceActor: 99, capacity: 48, obsDim: 300, batch.Encoding);
            var decoded = WireCodec.DecodeTransitionBatch(WireAssert.Encode(batch), WireLimits.Default, reuse);

            WireAssert.Equivalent(batch, decoded);
            Assert.Same(reuse.Observations, decoded.Observations);
            Assert.Same(reuse.ObservationBytes, decoded.ObservationBytes);
            Assert.Same(reuse.NextObservationBytes, decoded.NextObservationBytes);
            Assert.Same(reuse.Actions, decoded.Actions);
            Assert.Same(reuse.Rewards, decoded.Rewards);
            Assert.Same(reuse.NextObservations, decoded.NextObservations);
            Assert.Same(reuse.Discounts, decoded.Discounts);
            Assert.Same(reuse.Terminated, decoded.Terminated);
            Assert.Same(reuse.InitialPriorities, decoded.InitialPriorities);
        }));

    [Fact]
    public void TransitionBatch_decoding_into_a_too_small_batch_allocates_fresh_arrays()
    {
        var batch = WireGenerators.TransitionBatch.Where(b => b.Count > 2).Sample(1, 20).First();
        var reuse = TransitionBatch.Allocate(sourceActor: 0, capacity: 2, obsDim: 1);

        var decoded = WireCodec.DecodeTransitionBatch(WireAssert.Encode(batch), WireLimits.Default, reuse);

        WireAssert.Equivalent(batch, decoded);
        Assert.NotSame(reuse.Actions, decoded.Actions);
        Assert.Equal(0, reuse.Actions.Sum());
    }

    [Fact]
    public void WeightSnapshot_round_trips() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.WeightSnapshot.ToArbitrary(), snapshot =>
            WireAssert.Equivalent(snapshot, WireCodec.DecodeWeightSnapshot(WireAssert.Encode(snapshot), WireLimits.Default))));

    [Fact]
    public void WeightSnapshot_decodes_into_reused_weights_of_the_same_length() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.WeightSnapshot.ToArbitrary(), snapshot =>
        {
            var reuse = new WeightSnapshot(0, new ParameterShape[snapshot.Shapes.Length], new float[snapshot.Weights.Length]);
            var decoded = WireCodec.DecodeWeightSnapshot(WireAssert.Encode(snapshot), WireLimits.Default, reuse);
            WireAssert.Equivalent(snapshot, decoded);
            Assert.Same(reuse.Weights, decoded.Weights);
            Assert.Same(reuse.Shapes, decoded.Shapes);
        }));

    [Fact]
    public void PriorityUpdate_round_trips_its_first_Count_rows() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.PriorityUpdate.ToArbitrary(), update =>
        {
            var decoded = WireCodec.DecodePriorityUpdate(WireAssert.Encode(update), WireLimits.Default);
            WireAssert.Equivalent(update, decoded);
            Assert.Equal(update.Count, decoded.Keys.Length);
        }));

    [Fact]
    public void PriorityUpdate_decodes_into_reused_arrays() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.PriorityUpdate.ToArbitrary(), update =>
        {
            var reuse = new PriorityUpdate(0, new long[64], new float[64]);
            var decoded = WireCodec.DecodePriorityUpdate(WireAssert.Encode(update), WireLimits.Default, reuse);
            WireAssert.Equivalent(update, decoded);
            Assert.Same(reuse.Keys, decoded.Keys);
            Assert.Same(reuse.Priorities, decoded.Priorities);
        }));

    [Fact]
    public void Hello_round_trips_unicode_node_ids() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.Hello.ToArbitrary(), hello =>
            Assert.Equal(hello, WireCodec.DecodeHello(WireAssert.Encode(hello), WireLimits.Default))));

    [Fact]
    public void Heartbeat_round_trips_with_its_actor_ids_and_losses() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.Heartbeat.ToArbitrary(), heartbeat =>
        {
            var decoded = WireCodec.DecodeHeartbeat(WireAssert.Encode(heartbeat), WireLimits.Default);
            WireAssert.Equivalent(heartbeat, decoded);
            Assert.NotNull(decoded.ActorIds);
        }));

    [Fact]
    public void A_heartbeat_built_the_old_way_sends_no_actor_ids_and_no_losses()
    {
        var decoded = WireCodec.DecodeHeartbeat(WireAssert.Encode(new Heartbeat("n", 2, 1, 5, 6, 7)), WireLimits.Default);
        Assert.NotNull(decoded.ActorIds);
        Assert.Empty(decoded.ActorIds);
        Assert.Equal(0, decoded.TransitionsLost);
    }

    [Fact]
    public void JoinGrant_round_trips() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.JoinGrant.ToArbitrary(), grant =>
            WireAssert.Equivalent(grant, WireCodec.DecodeJoinGrant(WireAssert.Encode(grant), WireLimits.Default))));

    [Fact]
    public void JoinRefused_round_trips() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.JoinRefused.ToArbitrary(), refused =>
            Assert.Equal(refused, WireCodec.DecodeJoinRefused(WireAssert.Encode(refused), WireLimits.Default))));

    [Fact]
    public void WeightsChunk_round_trips() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.WeightsChunk.ToArbitrary(), chunk =>
            WireAssert.Equivalent(chunk, WireCodec.DecodeWeightsChunk(WireAssert.Encode(chunk), WireLimits.Default))));

    [Fact]
    public void NodeStats_round_trips_including_a_NaN_mean_return() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.NodeStats.ToArbitrary(), stats =>
            WireAssert.Equivalent(stats, WireCodec.DecodeNodeStats(WireAssert.Encode(stats), WireLimits.Default))));

    [Fact]
    public void InsertAck_round_trips_as_the_one_instance()
    {
        var bytes = WireAssert.Encode(new InsertAck());
        Assert.Same(InsertAck.Instance, WireCodec.DecodeInsertAck(bytes, WireLimits.Default));
        Assert.Same(InsertAck.Instance, WireCodec.Decode(bytes, WireLimits.Default));
    }

    [Fact]
    public void Any_message_round_trips_with_its_run_id() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), WireGenerators.RunId.ToArbitrary(), (message, runId) =>
        {
            var bytes = WireAssert.Encode(message, runId);
            WireAssert.Equivalent(message, WireCodec.Decode(bytes, WireLimits.Default, out var decodedRunId));
            Assert.Equal(runId, decodedRunId);
            Assert.Equal(runId, WireHeader.Read(bytes).RunId);

            // The run id is the only difference from the overloads without one, which write Guid.Empty.
            var withoutRunId = WireAssert.Encode(message);
            Assert.Equal(withoutRunId.Length, bytes.Length);
            WireCodec.Decode(withoutRunId, WireLimits.Default, out var none);
            Assert.Equal(Guid.Empty, none);
            Assert.Equal(withoutRunId, WireAssert.Encode(message, Guid.Empty));
        }));

    [Fact]
    public void Encoding_with_a_run_id_into_a_span_gives_the_buffer_writer_bytes() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), WireGenerators.RunId.ToArbitrary(), (message, runId) =>
        {
            var expected = WireAssert.Encode(message, runId);
            var destination = new byte[expected.Length];
            Assert.Equal(expected.Length, WireCodec.Encode(message, runId, destination));
            Assert.Equal(expected, destination);
        }));

    [Fact]
    public void ActorStats_round_trips_including_a_NaN_mean_return() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.ActorStats.ToArbitrary(), stats =>
            WireAssert.Equivalent(stats, WireCodec.DecodeActorStats(WireAssert.Encode(stats), WireLimits.Default))));

    [Fact]
    public void RunConfig_round_trips() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.RunConfig.ToArbitrary(), config =>
            Assert.Equal(config, WireCodec.DecodeRunConfig(WireAssert.Encode(config), WireLimits.Default))));

    [Fact]
    public void Any_message_round_trips_through_the_untyped_entry_points_and_reports_its_type() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), message =>
        {
            var bytes = WireAssert.Encode(message);
            Assert.Equal(message.GetType().Name.Replace("Envelope", string.Empty, StringComparison.Ordinal), WireCodec.PeekType(bytes).ToString());
            WireAssert.Equivalent(message, WireCodec.Decode(bytes, WireLimits.Default));
        }));

    [Fact]
    public void Encoding_to_a_span_and_to_a_buffer_writer_gives_identical_bytes() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), message =>
        {
            var expected = WireAssert.Encode(message);

            // A writer that already holds data checks that the codec writes where the writer says, not at 0.
            var writer = new ArrayBufferWriter<byte>(1);
            writer.Write<byte>([0xAA, 0xBB, 0xCC]);
            var written = WireCodec.Encode(message, writer);

            Assert.Equal(expected.Length, written);
            Assert.Equal([0xAA, 0xBB, 0xCC], writer.WrittenSpan[..3].ToArray());
            Assert.True(writer.WrittenSpan[3..].SequenceEqual(expected));
        }));

    [Fact]
    public void Encoding_into_a_larger_span_writes_only_the_message_and_returns_its_length() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), message =>
        {
            var expected = WireAssert.Encode(message);
            var destination = new byte[expected.Length + 7];
            destination.AsSpan().Fill(0x5A);

            Assert.Equal(expected.Length, WireCodec.Encode(message, destination));
            Assert.True(destination.AsSpan(0, expected.Length).SequenceEqual(expected));
            Assert.All(destination[expected.Length..], b => Assert.Equal(0x5A, b));
        }));

    [Fact]
    public void Encoding_is_canonical_so_a_decoded_message_re_encodes_to_the_same_bytes() =>
        Check.One(Properties, Prop.ForAll(WireGenerators.AnyMessage.ToArbitrary(), message =>
        {
            var bytes = WireAssert.Encode(message);
            Assert.Equal(bytes, WireAssert.Encode(WireCodec.Decode(bytes, WireLimits.Default)));
        }));

    [Fact]
    public void A_decoded_trace_context_is_marked_remote()
    {
        var batch = WireGenerators.TransitionBatch.Where(b => b.Trace != default).Sample(1, 10).First();
        var decoded = WireCodec.DecodeTransitionBatch(WireAssert.Encode(batch), WireLimits.Default);
        Assert.True(decoded.Trace.IsRemote);
        WireAssert.SameTrace(batch.Trace, decoded.Trace);
    }
}
