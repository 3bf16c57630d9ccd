using System.Diagnostics;
using System.Text;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// FsCheck generators of valid wire messages: random sizes (Count 0, Count below capacity), the extreme float
/// values the decoder must accept, trace contexts present or absent, and node ids from every UTF-8 width.
/// </summary>
internal static class WireGenerators
{
    /// <summary>Finite floats the decoder must let through untouched, bit for bit.</summary>
    private static readonly float[] EdgeFloats =
    [
        0f, -0f, 1f, -1f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon,
        1.17549435e-38f, -1.17549435e-38f, 16_777_217f, 0.1f,
    ];

    private static readonly float[] EdgeUnitFloats = [0f, -0f, 1f, float.Epsilon, 0.99f, MathF.BitDecrement(1f), 0.5f];

    private static readonly double[] EdgeDoubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue,
        double.Epsilon, -0d, 0d, 500.25,
    ];

    private static readonly long[] EdgeLongs = [0, 1, -1, long.MaxValue, long.MinValue, int.MaxValue + 1L];

    public static Gen<int> AnyInt { get; } = Gen.Frequency(
        (1, Gen.Elements(0, 1, -1, int.MaxValue, int.MinValue)),
        (4, Gen.Choose(int.MinValue, int.MaxValue)));

    public static Gen<int> NonNegativeInt { get; } = Gen.Frequency(
        (1, Gen.Elements(0, int.MaxValue)),
        (4, Gen.Choose(0, int.MaxValue)));

    public static Gen<long> AnyLong { get; } = Gen.Frequency(
        (1, Gen.Elements(EdgeLongs)),
        (4, Gen.Choose(int.MinValue, int.MaxValue).SelectMany(
            high => Gen.Choose(int.MinValue, int.MaxValue),
            (high, low) => ((long)high << 32) | (uint)low)));

    public static Gen<long> NonNegativeLong { get; } = AnyLong.Select(value => value & long.MaxValue);

    public static Gen<float> FiniteFloat { get; } = Gen.Frequency(
        (1, Gen.Elements(EdgeFloats)),
        (3, Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle).Where(float.IsFinite)),
        (3, Gen.Choose(-1_000_000, 1_000_000).Select(value => value / 1_000f)));

    public static Gen<float> UnitFloat { get; } = Gen.Frequency(
        (1, Gen.Elements(EdgeUnitFloats)),
        (3, Gen.Choose(0, 1 << 24).Select(value => value / (float)(1 << 24))));

    public static Gen<float> NonNegativeFiniteFloat { get; } = FiniteFloat.Select(MathF.Abs);

    /// <summary>Any double, NaN and infinities included (ActorStats.MeanEpisodeReturn may be NaN).</summary>
    public static Gen<double> AnyDouble { get; } = Gen.Frequency(
        (1, Gen.Elements(EdgeDoubles)),
        (3, AnyLong.Select(BitConverter.Int64BitsToDouble)));

    public static Gen<double> UnitDouble { get; } = Gen.Frequency(
        (1, Gen.Elements(0d, 1d, -0d, double.Epsilon)),
        (3, Gen.Choose(0, int.MaxValue).Select(value => value / (double)int.MaxValue)));

    public static Gen<ActivityContext> Trace { get; } = Gen.Frequency(
        (1, Gen.Constant(default(ActivityContext))),
        (3, from traceId in NonZeroBytes(16)
            from spanId in NonZeroBytes(8)
            from flags in Gen.Choose(0, 255)
            select new ActivityContext(
                ActivityTraceId.CreateFromBytes(traceId),
                ActivitySpanId.CreateFromBytes(spanId),
                (ActivityTraceFlags)flags,
                traceState: null,
                isRemote: true)));

    /// <summary>Unicode text from every UTF-8 width: ASCII, 2-byte, 3-byte (CJK), 4-byte (emoji, surrogate pairs).</summary>
    public static Gen<string> UnicodeText(int minRunes, int maxRunes) =>
        from count in Gen.Choose(minRunes, maxRunes)
        from runes in Gen.ArrayOf(UnicodeRune, count)
        select string.Concat(runes.Select(rune => rune.ToString()));

    /// <summary>Node ids of 1..60 runes, so at most 240 UTF-8 bytes: within the default 256-byte limit.</summary>
    public static Gen<string> NodeId { get; } = UnicodeText(1, 60);

    /// <summary>Float32 batches, or UInt8 ones whose observation bytes take any value (the wire carries every byte).</summary>
    public static Gen<TransitionBatch> TransitionBatch { get; } =
        from encoding in Gen.Elements(ObservationEncoding.Float32, ObservationEncoding.UInt8)
        from capacity in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 40)))
        from count in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(capacity)), (3, Gen.Choose(0, capacity)))
        from obsDim in Gen.Frequency((4, Gen.Choose(1, 8)), (1, Gen.Choose(9, 300)))
        from sourceActor in AnyInt
        from weightsVersion in AnyLong
        from observations in Gen.ArrayOf(FiniteFloat, encoding == ObservationEncoding.Float32 ? capacity * obsDim : 0)
        from boards in Gen.ArrayOf(AnyByte, encoding == ObservationEncoding.UInt8 ? capacity * obsDim : 0)
        from actions in Gen.ArrayOf(NonNegativeInt, capacity)
        from rewards in Gen.ArrayOf(FiniteFloat, capacity)
        from nextObservations in Gen.ArrayOf(FiniteFloat, encoding == ObservationEncoding.Float32 ? capacity * obsDim : 0)
        from nextBoards in Gen.ArrayOf(AnyByte, encoding == ObservationEncoding.UInt8 ? capacity * obsDim : 0)
        from discounts in Gen.ArrayOf(UnitFloat, capacity)
        from terminated in Gen.ArrayOf(Gen.Elements(true, false), capacity)
        from priorities in Gen.ArrayOf(FiniteFloat, capacity)
        from trace in Trace
        select new TransitionBatch(
            sourceActor, weightsVersion, count, obsDim,
            observations, actions, rewards, nextObservations, discounts, terminated, priorities, trace)
        {
            Encoding = encoding,
            ObservationBytes = boards,
            NextObservationBytes = nextBoards,
        };

    private static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(value => (byte)value);

    public static Gen<WeightSnapshot> WeightSnapshot { get; } =
        from shapes in Gen.ArrayOf(
            from rows in Gen.Choose(1, 24)
            from cols in Gen.Choose(1, 24)
            select new ParameterShape(rows, cols)).Resize(6)
        from weights in Gen.ArrayOf(FiniteFloat, shapes.Sum(shape => shape.Length))
        from version in AnyLong
        from trace in Trace
        select new WeightSnapshot(version, shapes, weights, trace);

    public static Gen<PriorityUpdate> PriorityUpdate { get; } =
        from capacity in Gen.Choose(0, 64)
        from count in Gen.Choose(0, capacity)
        from keys in Gen.ArrayOf(AnyLong, capacity)
        from priorities in Gen.ArrayOf(NonNegativeFiniteFloat, capacity)
        select new PriorityUpdate(count, keys, priorities);

    public static Gen<Hello> Hello { get; } =
        from nodeId in NodeId
        from protocolVersion in AnyInt
        from actors in NonNegativeInt
        from envsPerActor in NonNegativeInt
        select new Hello(nodeId, protocolVersion, actors, envsPerActor);

    public static Gen<Heartbeat> Heartbeat { get; } =
        from nodeId in NodeId
        from protocolVersion in AnyInt
        from actors in NonNegativeInt
        from transitionsSent in NonNegativeLong
        from weightsVersion in AnyLong
        from unixTime in AnyLong
        from actorIds in Gen.Frequency((1, Gen.Constant<int[]?>(null)), (3, Gen.ArrayOf(NonNegativeInt).Select(ids => (int[]?)ids)))
        from transitionsLost in NonNegativeLong
        select new Heartbeat(nodeId, protocolVersion, actors, transitionsSent, weightsVersion, unixTime, actorIds, transitionsLost);

    public static Gen<ActorStats> ActorStats { get; } =
        from actorId in AnyInt
        from envSteps in NonNegativeLong
        from episodes in NonNegativeLong
        from meanReturn in AnyDouble
        from epsilon in UnitDouble
        from weightsVersion in AnyLong
        from envErrors in NonNegativeLong
        select new ActorStats(actorId, envSteps, episodes, meanReturn, epsilon, weightsVersion, envErrors);

    public static Gen<RunConfigEnvelope> RunConfig { get; } =
        from text in UnicodeText(0, 200)
        select new RunConfigEnvelope("{\"note\":\"" + text.Replace("\"", "'", StringComparison.Ordinal) + "\"}");

    public static Gen<JoinGrant> JoinGrant { get; } =
        from text in UnicodeText(0, 200)
        from actorIds in Gen.ArrayOf(NonNegativeInt)
        select new JoinGrant("{\"run\":\"" + text.Replace("\"", "'", StringComparison.Ordinal) + "\"}", actorIds);

    public static Gen<JoinRefused> JoinRefused { get; } =
        from reason in UnicodeText(0, 300)
        select new JoinRefused(reason);

    public static Gen<WeightsChunk> WeightsChunk { get; } =
        from count in Gen.Frequency((1, Gen.Elements(1, 4_096)), (4, Gen.Choose(1, 64)))
        from index in Gen.Choose(0, count - 1)
        from version in NonNegativeLong
        from length in Gen.Frequency((1, Gen.Elements(0, 255, 256, 65_535, 65_536)), (6, Gen.Choose(0, 600)))
        from seed in Gen.Choose(0, int.MaxValue)
        select new WeightsChunk(version, index, count, RandomBytes(seed, length));

    public static Gen<NodeStats> NodeStats { get; } =
        from nodeId in NodeId
        from nonZeroRewards in NonNegativeLong
        from stats in ActorStats
        select new NodeStats(nodeId, nonZeroRewards, stats);

    public static Gen<InsertAck> InsertAck { get; } = Gen.Elements(global::Flock.Shared.Messages.InsertAck.Instance, new InsertAck());

    /// <summary>Run ids: mostly random, sometimes none or all ones (every byte of the bin matters).</summary>
    public static Gen<Guid> RunId { get; } = Gen.Frequency(
        (1, Gen.Elements(Guid.Empty, Guid.AllBitsSet)),
        (4, Gen.ArrayOf(Gen.Choose(0, 255).Select(value => (byte)value), 16).Select(bytes => new Guid(bytes))));

    /// <summary>One generator per message type, in <see cref="WireMessageType"/> order.</summary>
    public static Gen<object>[] EveryType { get; } =
    [
        TransitionBatch.Select(message => (object)message),
        WeightSnapshot.Select(message => (object)message),
        PriorityUpdate.Select(message => (object)message),
        Hello.Select(message => (object)message),
        Heartbeat.Select(message => (object)message),
        ActorStats.Select(message => (object)message),
        RunConfig.Select(message => (object)message),
        JoinGrant.Select(message => (object)message),
        JoinRefused.Select(message => (object)message),
        WeightsChunk.Select(message => (object)message),
        NodeStats.Select(message => (object)message),
        InsertAck.Select(message => (object)message),
    ];

    /// <summary>A valid message of any type, for the fuzz corpus and the type-agnostic entry points.</summary>
    public static Gen<object> AnyMessage { get; } = Gen.OneOf(EveryType);

    private static Gen<Rune> UnicodeRune { get; } = Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E)),
        (2, Gen.Choose(0x80, 0x7FF)),
        (2, Gen.Choose(0x800, 0xD7FF)),
        (1, Gen.Choose(0xE000, 0xFFFD)),
        (2, Gen.Choose(0x1_0000, 0x10_FFFF)),
        (1, Gen.Elements(0, 0x301, 0xFEFF, 0x1F600))).Select(value => new Rune(value));

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Gen<byte[]> NonZeroBytes(int length) =>
        Gen.ArrayOf(Gen.Choose(0, 255).Select(value => (byte)value), length)
            .Select(bytes =>
            {
                bytes[^1] |= 1;
                return bytes;
            });
}
