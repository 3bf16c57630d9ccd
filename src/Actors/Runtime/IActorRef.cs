namespace Flock.Actors.Runtime;

/// <summary>
/// The only way to talk to an actor. The sender never learns what is behind it: an in-process mailbox, a test
/// probe or, in cluster mode, a transport to another node. Transports implement <see cref="Tell"/> and
/// <see cref="TellAsync"/>; <see cref="AskAsync{TReply}"/> works in-process only, because its reply handle is an
/// in-memory object.
/// </summary>
/// <typeparam name="TMessage">What the actor accepts; an actor of a base type accepts any of its subtypes.</typeparam>
public interface IActorRef<in TMessage>
{
    /// <summary>The actor's name, unique within its system.</summary>
    string Name { get; }

    /// <summary>
    /// Queues <paramref name="message"/> without ever waiting. Returns false, and counts a dead letter, when the
    /// actor is stopped or when its <see cref="MailboxFullMode.Wait"/> mailbox is full; a
    /// <see cref="MailboxFullMode.DropOldest"/> mailbox always takes the message and evicts its oldest one instead.
    /// Use it for control messages, for drop-oldest mailboxes and for self-sends; use <see cref="TellAsync"/>
    /// where the sender should slow down to the actor's pace.
    /// </summary>
    bool Tell(TMessage message);

    /// <summary>
    /// Queues <paramref name="message"/>, waiting while the mailbox is full (backpressure). Completes with false,
    /// and counts a dead letter, when the actor is stopped or stops while the sender waits; throws
    /// <see cref="OperationCanceledException"/> if <paramref name="cancellationToken"/> fires first.
    /// </summary>
    ValueTask<bool> TellAsync(TMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Request-reply: builds a message around a reply handle, tells it (waiting for space if need be) and waits
    /// for the actor to call <see cref="IReplyTo{TReply}.Reply"/>. Throws <see cref="TimeoutException"/> naming
    /// the actor and the message type when no reply comes within <paramref name="timeout"/>, and
    /// <see cref="InvalidOperationException"/> when the actor is stopped. If the handler throws, no reply
    /// comes and the ask times out.
    /// </summary>
    /// <example><code>var count = await counter.AskAsync&lt;int&gt;(reply => new GetCount(reply), TimeSpan.FromSeconds(5));</code></example>
    Task<TReply> AskAsync<TReply>(Func<IReplyTo<TReply>, TMessage> build, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AskPattern.AskAsync(this, build, timeout, cancellationToken);
}
