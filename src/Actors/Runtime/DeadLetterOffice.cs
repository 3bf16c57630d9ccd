using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Runtime;

/// <summary>
/// Counts, meters and logs the messages that never reached their actor. Logging is rate-limited per
/// (actor, message type, reason): the first one, then every N-th, so a stopped consumer cannot flood the log.
/// A scope's office also counts in its system's (<paramref name="parent"/>), so the system total covers every scope.
/// </summary>
internal sealed class DeadLetterOffice(string systemName, IActorLog log, int logEvery, Func<bool> systemStopping, DeadLetterOffice? parent = null)
{
    private readonly ConcurrentDictionary<(string Actor, Type MessageType, DeadLetterReason Reason), StrongBox<long>> _perKind = new();
    private readonly int _logEvery = Math.Max(1, logEvery);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Record(string actor, string role, Type messageType, DeadLetterReason reason, bool expected = false)
    {
        Interlocked.Increment(ref _total);
        if (parent is not null)
        {
            Interlocked.Increment(ref parent._total);
        }

        RuntimeMetrics.DeadLetters.Add(
            1,
            new KeyValuePair<string, object?>(TagNames.System, systemName),
            new KeyValuePair<string, object?>(TagNames.Actor, actor),
            new KeyValuePair<string, object?>(TagNames.Role, role),
            new KeyValuePair<string, object?>(TagNames.Reason, reason.ToString()));
        RecordLoss(role, reason);

        var count = Interlocked.Increment(ref _perKind.GetOrAdd((actor, messageType, reason), static _ => new StrongBox<long>()).Value);
        if (count == 1 || count % _logEvery == 0)
        {
            // Replies to an actor stopped on purpose, or while the system stops, are expected, not news.
            var level = reason == DeadLetterReason.ActorStopped && (expected || systemStopping()) ? ActorLogLevel.Debug : LevelOf(reason);
            log.Write(
                level,
                systemName,
                $"dead letter #{count} of {messageType.Name} to actor '{actor}' ({reason}); " +
                $"logged for the first and then every {_logEvery}th of this kind");
        }
    }

    /// <summary>A full mailbox refuses with the sender told (Tell returns false); every other dead letter is lost for good.</summary>
    private static void RecordLoss(string role, DeadLetterReason reason)
    {
        if (reason == DeadLetterReason.MailboxFull)
        {
            MessageLoss.Rejected(MessageLoss.Sites.Mailbox, MessageLoss.Reasons.MailboxFull, role: role);
            return;
        }

        MessageLoss.Dropped(MessageLoss.Sites.Mailbox, reason switch
        {
            DeadLetterReason.DroppedOldest => MessageLoss.Reasons.DroppedOldest,
            DeadLetterReason.TimerTickDropped => MessageLoss.Reasons.TimerTickDropped,
            _ => MessageLoss.Reasons.ActorStopped,
        }, role: role);
    }

    // An evicted message of a drop-oldest mailbox is the policy at work, not a problem.
    private static ActorLogLevel LevelOf(DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.DroppedOldest => ActorLogLevel.Debug,
        DeadLetterReason.ActorStopped or DeadLetterReason.TimerTickDropped => ActorLogLevel.Info,
        _ => ActorLogLevel.Warning,
    };
}
