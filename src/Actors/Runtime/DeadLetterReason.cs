namespace Flock.Actors.Runtime;

/// <summary>Why a message never reached its actor.</summary>
public enum DeadLetterReason
{
    /// <summary>Told to an actor that is stopping or stopped, or left in its mailbox when it was aborted or escalated.</summary>
    ActorStopped,

    /// <summary>Refused by <see cref="IActorRef{TMessage}.Tell"/> because the actor's <see cref="MailboxFullMode.Wait"/> mailbox was full.</summary>
    MailboxFull,

    /// <summary>Evicted from a <see cref="MailboxFullMode.DropOldest"/> mailbox by a newer message.</summary>
    DroppedOldest,

    /// <summary>A timer tick that found the actor's mailbox full (timers never wait).</summary>
    TimerTickDropped,
}
