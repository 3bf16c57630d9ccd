using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Flock.Shared.Telemetry;

/// <summary>
/// Records messages lost on the way: <see cref="MetricNames.MessagesDropped"/> for those gone for good and
/// <see cref="MetricNames.MessagesRejected"/> for those a receiver refused with the sender told (it may send
/// again). Every measurement says where (<see cref="TagNames.Site"/>, one of <see cref="Sites"/>) and why
/// (<see cref="TagNames.Reason"/>, one of <see cref="Reasons"/>); the tags travel in a <see cref="TagList"/>
/// of constant strings, so recording allocates nothing and without a listener costs one enabled check.
/// </summary>
public static class MessageLoss
{
    private static readonly Counter<long> DroppedCounter = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.MessagesDropped, "{message}", "Messages lost for good, by site and reason.");

    private static readonly Counter<long> RejectedCounter = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.MessagesRejected, "{message}", "Messages refused by their receiver (the sender was told and may resend), by site and reason.");

    /// <summary>Counts <paramref name="count"/> messages lost for good at <paramref name="site"/>; <paramref name="role"/> names the actor role where there is one.</summary>
    public static void Dropped(string site, string reason, long count = 1, string? role = null) => Add(DroppedCounter, site, reason, count, role);

    /// <summary>Counts <paramref name="count"/> messages refused at <paramref name="site"/>.</summary>
    public static void Rejected(string site, string reason, long count = 1, string? role = null) => Add(RejectedCounter, site, reason, count, role);

    private static void Add(Counter<long> counter, string site, string reason, long count, string? role)
    {
        if (!counter.Enabled || count <= 0)
        {
            return;
        }

        var tags = new TagList { { TagNames.Site, site }, { TagNames.Reason, reason } };
        if (role is not null)
        {
            tags.Add(TagNames.Role, role);
        }

        counter.Add(count, tags);
    }

    /// <summary>Values of <see cref="TagNames.Site"/>: the component where messages were lost.</summary>
    public static class Sites
    {
        /// <summary>An actor's mailbox in the runtime (the role tag says whose).</summary>
        public const string Mailbox = "mailbox";

        /// <summary>Arriving from another node: bytes that failed to deserialize (Akka.Remote drops the message).</summary>
        public const string ClusterInbound = "cluster_inbound";

        /// <summary>The learner's gateway: a well-formed message from another run, an unknown node, or with shapes, actions or values that do not fit the run.</summary>
        public const string Gateway = "gateway";

        /// <summary>An actor node's weights assembler: chunks of a snapshot that never completed (a newer version started).</summary>
        public const string WeightsAssembler = "weights_assembler";

        /// <summary>The replay actor.</summary>
        public const string Replay = "replay";
    }

    /// <summary>Values of <see cref="TagNames.Reason"/> on the two counters.</summary>
    public static class Reasons
    {
        /// <summary>Evicted from a drop-oldest queue by a newer message (a mailbox, the control sender's queue).</summary>
        public const string DroppedOldest = "dropped_oldest";

        /// <summary>Sent to an actor that had stopped, or left in its mailbox when it stopped.</summary>
        public const string ActorStopped = "actor_stopped";

        /// <summary>A timer tick that found its actor's mailbox full.</summary>
        public const string TimerTickDropped = "timer_tick_dropped";

        /// <summary>Refused by a full mailbox: <c>Tell</c> returned false to its sender.</summary>
        public const string MailboxFull = "mailbox_full";

        /// <summary>Given up when its node stopped or lost the learner before the replay acknowledged it.</summary>
        public const string Stopping = "stopping";

        /// <summary>Not a valid Flock message for this build (undecodable, other wire protocol, wrong shape).</summary>
        public const string Undecodable = "undecodable";

        /// <summary>From another run than the learner's own (a node left over from an earlier learner).</summary>
        public const string ForeignRun = "foreign_run";

        /// <summary>Well formed but does not fit the run: observation size, action range, an unknown actor id or node.</summary>
        public const string Misfit = "misfit";

        /// <summary>A weight snapshot replaced by a newer one before it was complete (nodes want only the newest).</summary>
        public const string Superseded = "superseded";

        /// <summary>A priority update for transitions the replay has overwritten since they were sampled.</summary>
        public const string StalePriority = "stale_priority";
    }
}
