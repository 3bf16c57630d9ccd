using Flock.Shared.Telemetry;
using Flock.Shared.Wire;

namespace Flock.Actors.Transport;

/// <summary>
/// Counts broker messages that are not valid Flock messages and logs the first one of each source (the
/// sending node's app id, or "unknown"), so a misbehaving sender is named once instead of flooding the log.
/// Thread-safe: consumers of several channels share one.
/// </summary>
public sealed class GarbageLog(TextWriter log)
{
    private readonly HashSet<string> _loggedSources = [];
    private readonly Lock _lock = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Counts one bad message; the first of its source is logged, saying whether the broker kept it in the dead-letter queue.</summary>
    public void Record(string queue, string? source, Exception error, bool deadLettered = true)
    {
        Interlocked.Increment(ref _count);

        // Dead-lettered, it was refused and kept; otherwise (the weights queue has no dead-letter exchange) it is gone.
        var site = SiteOf(queue);
        if (deadLettered)
        {
            MessageLoss.Rejected(site, MessageLoss.Reasons.Undecodable);
        }
        else
        {
            MessageLoss.Dropped(site, MessageLoss.Reasons.Undecodable);
        }

        var who = string.IsNullOrEmpty(source) ? "unknown" : source;
        lock (_lock)
        {
            if (!_loggedSources.Add(who))
            {
                return;
            }
        }

        var what = error is WireProtocolVersionException v
            ? $"it speaks wire protocol {v.ReceivedVersion}, this build speaks {v.SupportedVersion}"
            : error.Message;
        var kept = deadLettered ? $", kept in {ClusterTopology.DeadLetterQueue}" : "";
        log.WriteLine($"flockrl: dropped an undecodable message from {who} on {queue}{kept}: {what} (further ones from {who} are only counted)");
    }

    /// <summary>The learner's shared queues by name; any other is a node's server-named weights queue, the only other consumer that records garbage.</summary>
    private static string SiteOf(string queue) => queue switch
    {
        ClusterTopology.TransitionQueue => MessageLoss.Sites.TransitionQueue,
        ClusterTopology.ControlQueue => MessageLoss.Sites.ControlQueue,
        _ => MessageLoss.Sites.WeightsQueue,
    };
}
