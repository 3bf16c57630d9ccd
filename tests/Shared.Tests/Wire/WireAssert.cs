using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// Equality of a message and its decoded copy as the wire defines it: the first Count rows only, floats bit for
/// bit (so -0 and NaN payloads count), trace ids and flags (trace state and the remote flag do not travel).
/// </summary>
internal static class WireAssert
{
    public static void Equivalent(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected)
        {
            case TransitionBatch batch:
                Equivalent(batch, (TransitionBatch)actual);
                break;
            case WeightSnapshot snapshot:
                Equivalent(snapshot, (WeightSnapshot)actual);
                break;
            case PriorityUpdate update:
                Equivalent(update, (PriorityUpdate)actual);
                break;
            case ActorStats stats:
                Equivalent(stats, (ActorStats)actual);
                break;
            case NodeStats stats:
                var actualStats = (NodeStats)actual;
                Assert.Equal(stats.NodeId, actualStats.NodeId);
                Assert.Equal(stats.NonZeroRewards, actualStats.NonZeroRewards);
                Equivalent(stats.Stats, actualStats.Stats);
                break;
            case Heartbeat heartbeat:
                // A null ActorIds travels as none and comes back as an empty array.
                var actualBeat = (Heartbeat)actual;
                Assert.Equal(heartbeat.ActorIds ?? [], actualBeat.ActorIds);
                Assert.Equal(heartbeat with { ActorIds = null }, actualBeat with { ActorIds = null });
                break;
            case JoinGrant grant:
                var actualGrant = (JoinGrant)actual;
                Assert.Equal(grant.ConfigJson, actualGrant.ConfigJson);
                Assert.Equal(grant.ActorIds, actualGrant.ActorIds);
                break;
            case WeightsChunk chunk:
                var actualChunk = (WeightsChunk)actual;
                Assert.Equal(chunk with { Bytes = [] }, actualChunk with { Bytes = [] });
                Assert.Equal(chunk.Bytes, actualChunk.Bytes);
                break;
            default:
                // Hello, RunConfigEnvelope, JoinRefused and InsertAck hold only strings and integers: record equality is exact.
                Assert.Equal(expected, actual);
                break;
        }
    }

    public static void Equivalent(TransitionBatch expected, TransitionBatch actual)
    {
        Assert.Equal(expected.SourceActor, actual.SourceActor);
        Assert.Equal(expected.WeightsVersion, actual.WeightsVersion);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ObsDim, actual.ObsDim);
        Assert.Equal(expected.Encoding, actual.Encoding);
        var rows = expected.Count;
        var boards = expected.Encoding == ObservationEncoding.UInt8;
        var floats = boards ? 0 : rows * expected.ObsDim;
        var bytes = boards ? rows * expected.ObsDim : 0;
        SameBits(expected.Observations.AsSpan(0, floats), actual.Observations.AsSpan(0, floats));
        Assert.True(expected.ObservationBytes.AsSpan(0, bytes).SequenceEqual(actual.ObservationBytes.AsSpan(0, bytes)), "ObservationBytes differ");
        Assert.True(expected.NextObservationBytes.AsSpan(0, bytes).SequenceEqual(actual.NextObservationBytes.AsSpan(0, bytes)), "NextObservationBytes differ");
        Assert.True(expected.Actions.AsSpan(0, rows).SequenceEqual(actual.Actions.AsSpan(0, rows)), "Actions differ");
        SameBits(expected.Rewards.AsSpan(0, rows), actual.Rewards.AsSpan(0, rows));
        SameBits(expected.NextObservations.AsSpan(0, floats), actual.NextObservations.AsSpan(0, floats));
        SameBits(expected.Discounts.AsSpan(0, rows), actual.Discounts.AsSpan(0, rows));
        Assert.True(expected.Terminated.AsSpan(0, rows).SequenceEqual(actual.Terminated.AsSpan(0, rows)), "Terminated differs");
        SameBits(expected.InitialPriorities.AsSpan(0, rows), actual.InitialPriorities.AsSpan(0, rows));
        SameTrace(expected.Trace, actual.Trace);
    }

    public static void Equivalent(WeightSnapshot expected, WeightSnapshot actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Shapes, actual.Shapes);
        SameBits(expected.Weights, actual.Weights);
        Assert.Equal(expected.Weights.Length, actual.Weights.Length);
        SameTrace(expected.Trace, actual.Trace);
    }

    public static void Equivalent(PriorityUpdate expected, PriorityUpdate actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Keys.AsSpan(0, expected.Count).SequenceEqual(actual.Keys.AsSpan(0, actual.Count)), "Keys differ");
        SameBits(expected.Priorities.AsSpan(0, expected.Count), actual.Priorities.AsSpan(0, actual.Count));
    }

    public static void Equivalent(ActorStats expected, ActorStats actual)
    {
        Assert.Equal(expected.ActorId, actual.ActorId);
        Assert.Equal(expected.EnvSteps, actual.EnvSteps);
        Assert.Equal(expected.Episodes, actual.Episodes);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.MeanEpisodeReturn), BitConverter.DoubleToInt64Bits(actual.MeanEpisodeReturn));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Epsilon), BitConverter.DoubleToInt64Bits(actual.Epsilon));
        Assert.Equal(expected.WeightsVersion, actual.WeightsVersion);
        Assert.Equal(expected.EnvErrors, actual.EnvErrors);
    }

    public static void SameTrace(ActivityContext expected, ActivityContext actual)
    {
        Assert.Equal(expected.TraceId, actual.TraceId);
        Assert.Equal(expected.SpanId, actual.SpanId);
        Assert.Equal(expected.TraceFlags, actual.TraceFlags);
    }

    private static void SameBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var expectedBits = MemoryMarshal.Cast<float, int>(expected);
        var actualBits = MemoryMarshal.Cast<float, int>(actual);
        for (var i = 0; i < expectedBits.Length; i++)
        {
            if (expectedBits[i] != actualBits[i])
            {
                Assert.Fail($"Float {i} differs: expected {expected[i]:R} (0x{expectedBits[i]:X8}), got {actual[i]:R} (0x{actualBits[i]:X8}).");
            }
        }
    }

    /// <summary>Encodes through the span overload into an exactly sized array.</summary>
    public static byte[] Encode(object message)
    {
        var bytes = new byte[WireCodec.GetEncodedLength(message)];
        Assert.Equal(bytes.Length, WireCodec.Encode(message, bytes));
        return bytes;
    }

    /// <summary>Encodes with a run id through the buffer-writer overload, checking the returned length.</summary>
    public static byte[] Encode(object message, Guid runId)
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Equal(WireCodec.Encode(message, runId, writer), writer.WrittenCount);
        return writer.WrittenSpan.ToArray();
    }
}
