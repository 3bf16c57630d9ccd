using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Flock.Actors.Transport;

/// <summary>
/// AMQP headers that travel beside the wire-encoded body: routing facts the wire messages do not carry
/// (actor id blocks, the node's weights queue, timestamps for latency). Strings arrive as byte arrays.
/// </summary>
public static class AmqpHeaders
{
    /// <summary>Global actor ids of a node, comma separated (join reply and every heartbeat).</summary>
    public const string ActorIds = "flock-actor-ids";

    /// <summary>The node's own weights queue, so the learner can hand a joining node the newest weights at once.</summary>
    public const string WeightsQueue = "flock-weights-queue";

    /// <summary>Why the learner refused a node (protocol mismatch); the body is empty then.</summary>
    public const string Refused = "flock-refused";

    /// <summary>UTC ticks when a weight snapshot was published, for broadcast latency.</summary>
    public const string SentAtTicks = "flock-sent-at";

    /// <summary>Non-zero rewards of one actor so far (beside its ActorStats).</summary>
    public const string NonZeroRewards = "flock-nonzero-rewards";

    /// <summary>Batches a node had refused by a full queue and resent, so far (beside its Heartbeat).</summary>
    public const string PublishRetries = "flock-publish-retries";

    public static string? GetString(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string s => s,
                null => null,
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            }
            : null;

    public static long? GetLong(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                long l => l,
                int i => i,
                byte[] bytes when long.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    public static string FormatIds(IEnumerable<int> ids) => string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Parses a comma-separated id list; null for anything else (a foreign or broken header).</summary>
    public static int[]? ParseIds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(',');
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out ids[i]) || ids[i] < 0)
            {
                return null;
            }
        }

        return ids;
    }
}
