using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="ActorStats"/> payload, 7 fields: ActorId int, EnvSteps int, Episodes int, MeanEpisodeReturn float64,
/// Epsilon float64, WeightsVersion int, EnvErrors int. MeanEpisodeReturn may be NaN (no episode finished), so it
/// is not checked. <see cref="NodeStats"/> carries the same fields inline, hence the shared field readers.
/// </summary>
internal readonly struct ActorStatsCodec : IWireCodec<ActorStats>
{
    /// <summary>Bytes of the seven fields.</summary>
    public const int FieldsLength = WireWriter.Int32Length + (4 * WireWriter.Int64Length) + (2 * WireWriter.DoubleLength);

    private static readonly Names Own = new("ActorStats");

    public static WireMessageType Type => WireMessageType.ActorStats;

    public static int FieldCount => 7;

    /// <summary>Field names under <see cref="NodeStats"/>, built once.</summary>
    public static Names InNodeStats { get; } = new("NodeStats.Stats");

    public static long PayloadLength(ActorStats message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return FieldsLength;
    }

    public static void Write(ActorStats message, ref WireWriter writer)
    {
        writer.WriteInt32(message.ActorId);
        writer.WriteInt64(message.EnvSteps);
        writer.WriteInt64(message.Episodes);
        writer.WriteDouble(message.MeanEpisodeReturn);
        writer.WriteDouble(message.Epsilon);
        writer.WriteInt64(message.WeightsVersion);
        writer.WriteInt64(message.EnvErrors);
    }

    public static ActorStats Read(ref WireReader reader, WireLimits limits, ActorStats? reuse) => Read(ref reader, Own);

    public static ActorStats Read(ref WireReader reader, Names names)
    {
        var actorId = reader.ReadInt32(names.ActorId);
        var envSteps = reader.ReadInt64(names.EnvSteps);
        WireChecks.RequireNonNegative(names.EnvSteps, envSteps);
        var episodes = reader.ReadInt64(names.Episodes);
        WireChecks.RequireNonNegative(names.Episodes, episodes);
        var meanEpisodeReturn = reader.ReadDouble(names.MeanEpisodeReturn);
        var epsilon = reader.ReadDouble(names.Epsilon);
        WireChecks.RequireWithin(names.Epsilon, epsilon, 0, 1, WireChecks.UnitInterval);
        var weightsVersion = reader.ReadInt64(names.WeightsVersion);
        var envErrors = reader.ReadInt64(names.EnvErrors);
        WireChecks.RequireNonNegative(names.EnvErrors, envErrors);
        return new ActorStats(actorId, envSteps, episodes, meanEpisodeReturn, epsilon, weightsVersion, envErrors);
    }

    /// <summary>The fields' dotted names under one prefix, so errors name where the stats sat.</summary>
    internal sealed class Names(string prefix)
    {
        public string ActorId { get; } = prefix + ".ActorId";

        public string EnvSteps { get; } = prefix + ".EnvSteps";

        public string Episodes { get; } = prefix + ".Episodes";

        public string MeanEpisodeReturn { get; } = prefix + ".MeanEpisodeReturn";

        public string Epsilon { get; } = prefix + ".Epsilon";

        public string WeightsVersion { get; } = prefix + ".WeightsVersion";

        public string EnvErrors { get; } = prefix + ".EnvErrors";
    }
}
