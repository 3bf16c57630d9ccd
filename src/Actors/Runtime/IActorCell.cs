namespace Flock.Actors.Runtime;

/// <summary>What the actor system needs of an actor, whatever its message type.</summary>
internal interface IActorCell
{
    string Name { get; }

    /// <summary>The actor's ref, to tell a local ref from a foreign one of the same name.</summary>
    object SelfRef { get; }

    int MailboxDepth { get; }

    /// <summary>System, actor and role tags for the actor's metrics.</summary>
    KeyValuePair<string, object?>[] MetricTags { get; }

    /// <summary>Completes once the loop has ended (stopped or escalated); never faults.</summary>
    Task Terminated { get; }

    ActorStatus GetStatus();

    /// <summary>Graceful stop: close the mailbox, handle what is queued, run <c>PostStopAsync</c>.</summary>
    void RequestStop();

    /// <summary>Stop now: what is still queued goes to dead letters instead of the handler.</summary>
    void Abort();
}
