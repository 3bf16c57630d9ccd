namespace Flock.Actors.Runtime;

/// <summary>What a bounded mailbox does when a message arrives and it is full.</summary>
public enum MailboxFullMode
{
    /// <summary>
    /// Backpressure: <see cref="IActorRef{TMessage}.TellAsync"/> waits for space;
    /// <see cref="IActorRef{TMessage}.Tell"/> refuses the message (returns false, counts a dead letter).
    /// For data flows that must not lose messages, e.g. transition batches into the replay.
    /// </summary>
    Wait,

    /// <summary>
    /// The oldest queued message is evicted (counted as a dead letter) and the new one is queued; telling never
    /// waits and never fails while the actor runs. For flows where only the newest matters, e.g. weight snapshots.
    /// Not for actors that keep a self-sent work loop going: the loop message could be evicted.
    /// </summary>
    DropOldest,
}
