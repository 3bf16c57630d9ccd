using System.Diagnostics;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// The steady state of a sender and a receiver allocates nothing per transition: encoding allocates nothing at
/// all, and decoding into a reused batch allocates only the (immutable) TransitionBatch record, whatever Count is.
/// Measured in bytes allocated by this thread, which does not depend on timing.
/// </summary>
public class WireAllocationTests
{
    // The record's own size, with room for runtime differences; 512 transitions of arrays would be ~25 KB.
    private const long RecordBudget = 256;

    [Fact]
    public void Encoding_a_batch_allocates_nothing()
    {
        var batch = Batch(512, traced: true);
        var buffer = new byte[WireCodec.GetEncodedLength(batch)];
        WireCodec.Encode(batch, buffer);

        var allocated = AllocatedBy(() => WireCodec.Encode(batch, buffer));

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(16, ObservationEncoding.Float32)]
    [InlineData(512, ObservationEncoding.Float32)]
    [InlineData(4096, ObservationEncoding.Float32)]
    [InlineData(512, ObservationEncoding.UInt8)]
    [InlineData(4096, ObservationEncoding.UInt8)]
    public void Decoding_into_a_reused_batch_allocates_only_the_record(int count, ObservationEncoding encoding)
    {
        var bytes = WireAssert.Encode(Batch(count, traced: false, encoding));
        var reuse = TransitionBatch.Allocate(sourceActor: 0, capacity: 4096, obsDim: 4, encoding);
        reuse = WireCodec.DecodeTransitionBatch(bytes, WireLimits.Default, reuse);

        var allocated = AllocatedBy(() => reuse = WireCodec.DecodeTransitionBatch(bytes, WireLimits.Default, reuse));

        Assert.InRange(allocated, 1, RecordBudget);
    }

    [Fact]
    public void Decoding_weights_into_a_reused_snapshot_allocates_only_the_record()
    {
        var snapshot = new WeightSnapshot(3, [new ParameterShape(64, 256), new ParameterShape(1, 256)], new float[(64 * 256) + 256]);
        var bytes = WireAssert.Encode(snapshot);
        var reuse = WireCodec.DecodeWeightSnapshot(bytes, WireLimits.Default, snapshot);

        var allocated = AllocatedBy(() => reuse = WireCodec.DecodeWeightSnapshot(bytes, WireLimits.Default, reuse));

        Assert.InRange(allocated, 1, RecordBudget);
    }

    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static TransitionBatch Batch(int count, bool traced, ObservationEncoding encoding = ObservationEncoding.Float32)
    {
        var batch = TransitionBatch.Allocate(sourceActor: 1, capacity: count, obsDim: 4, encoding) with { Count = count };
        for (var i = 0; i < count; i++)
        {
            batch.Actions[i] = i % 2;
            batch.Discounts[i] = 0.97f;
            batch.Terminated[i] = i % 7 == 0;
        }

        return traced
            ? batch with { Trace = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded) }
            : batch;
    }
}
