namespace Flock.Actors.Runtime;

/// <summary>
/// Base of every actor: state plus handlers, run one message at a time by the runtime, so an actor's fields
/// need no locks. A failure in a handler replaces the instance with a fresh one from the factory (see
/// <see cref="SupervisionOptions"/>), so state worth keeping across restarts lives outside the instance.
/// </summary>
/// <remarks>
/// A CPU-bound actor stays responsive by working in slices: it handles a self-sent work message (say
/// <c>StepSome</c>) by doing a bounded amount of work and then telling itself <c>StepSome</c> again. Control
/// messages (new weights, stop) queued meanwhile are handled between two slices. Send the loop message with
/// <c>Context.Self.Tell</c> (never <c>TellAsync</c> to oneself: a full mailbox would wait on itself), keep one
/// in flight at a time, give the actor a <see cref="MailboxFullMode.Wait"/> mailbox with room for the control
/// traffic of one slice, and if <c>Tell</c> still returns false, re-arm the loop from the next control message
/// handled. Once <see cref="IActorContext{TMessage}.StopRequested"/> fires, stop re-arming: the mailbox no longer
/// takes messages.
/// </remarks>
public abstract class Actor<TMessage>
{
    private IActorContext<TMessage>? _context;

    /// <summary>
    /// The actor's view of the runtime. Set before <see cref="PreStartAsync"/>; a constructor that needs it takes
    /// it from the factory that <see cref="ActorSystem.Spawn{TMessage}(string, Func{IActorContext{TMessage}, Actor{TMessage}}, ActorOptions?)"/> accepts.
    /// </summary>
    protected IActorContext<TMessage> Context => _context ?? throw new InvalidOperationException(
        "The actor context is set after construction; take IActorContext<TMessage> from the spawn factory to use it in the constructor.");

    /// <summary>Runs before the first message of each instance (also after a restart): start timers, acquire resources.</summary>
    public virtual ValueTask PreStartAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Handles one message. Throwing drops the message and lets supervision restart or escalate; an
    /// <see cref="OperationCanceledException"/> thrown once <see cref="IActorContext{TMessage}.StopRequested"/>
    /// fired is taken as the handler giving up for the stop, not as a failure.
    /// </summary>
    public abstract ValueTask ReceiveAsync(TMessage message);

    /// <summary>Runs when an instance whose <see cref="PreStartAsync"/> completed is retired: at stop and before a restart.</summary>
    public virtual ValueTask PostStopAsync() => ValueTask.CompletedTask;

    internal void Bind(IActorContext<TMessage> context) => _context = context;
}
