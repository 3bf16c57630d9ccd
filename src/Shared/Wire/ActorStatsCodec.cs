using Flock.Shared.Messages;

namespace Flock.Shared.Wire;

/// <summary>
/// <see cref="ActorStats"/> payload: ActorId i32, EnvSteps i64, Episodes i64, MeanEpisodeReturn f64, Epsilon f64,
/// WeightsVersion i64, EnvErrors i64. MeanEpisodeReturn may be NaN (no episode finished), so it is not checked.
/// </summary>
internal readonly struct ActorStatsCodec : IWireCodec<ActorStats>
{
    public static WireMessageType Type => WireMessageType.ActorStats;

    public static long PayloadLength(ActorStats message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return sizeof(int) + (6 * sizeof(long));
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

    public static ActorStats Read(ref WireReader reader, WireLimits limits, ActorStats? reuse)
    {
        var actorId = reader.ReadInt32("ActorStats.ActorId");
        var envSteps = reader.ReadInt64("ActorStats.EnvSteps");
        WireChecks.RequireNonNegative("ActorStats.EnvSteps", envSteps);
        var episodes = reader.ReadInt64("ActorStats.Episodes");
        WireChecks.RequireNonNegative("ActorStats.Episodes", episodes);
        var meanEpisodeReturn = reader.ReadDouble("ActorStats.MeanEpisodeReturn");
        var epsilon = reader.ReadDouble("ActorStats.Epsilon");
        WireChecks.RequireWithin("ActorStats.Epsilon", epsilon, 0, 1, WireChecks.UnitInterval);
        var weightsVersion = reader.ReadInt64("ActorStats.WeightsVersion");
        var envErrors = reader.ReadInt64("ActorStats.EnvErrors");
        WireChecks.RequireNonNegative("ActorStats.EnvErrors", envErrors);
        return new ActorStats(actorId, envSteps, episodes, meanEpisodeReturn, epsilon, weightsVersion, envErrors);
    }
}
