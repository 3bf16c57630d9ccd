namespace Flock.Actors.Runtime;

/// <summary>What an actor sees of the runtime. Use it from the actor's handlers only.</summary>
public interface IActorContext<TMessage>
{
    /// <summary>This actor's own ref, e.g. for a self-sent work loop or as a reply address.</summary>
    IActorRef<TMessage> Self { get; }

    ActorSystem System { get; }

    /// <summary>The scope the actor runs in (the system's root scope unless it was spawned in a scope of its own).</summary>
    ActorScope Scope { get; }

    string Name { get; }

    /// <summary>Role the actor's metrics are tagged with.</summary>
    string Role { get; }

    ITimerScheduler<TMessage> Timers { get; }

    /// <summary>The system's log, with this actor's name as the source.</summary>
    ActorLogger Log { get; }

    /// <summary>
    /// Fires when the actor is asked to stop (by itself, by <see cref="ActorSystem.StopAsync(TimeSpan)"/> or
    /// after an escalation). Queued messages are still handled; long handlers (a training loop) watch it to
    /// finish early.
    /// </summary>
    CancellationToken StopRequested { get; }

    /// <summary>How many times this actor has been restarted after failures.</summary>
    int Restarts { get; }

    /// <summary>Stops this actor: the mailbox takes no new messages, the queued ones are handled, then <c>PostStopAsync</c> runs.</summary>
    void Stop();
}
