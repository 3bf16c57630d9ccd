namespace Flock.Actors.Runtime;

/// <summary>Ref to an actor of this process: telling is writing into its mailbox.</summary>
internal sealed class LocalActorRef<TMessage>(string name, Mailbox<TMessage> mailbox) : IActorRef<TMessage>
{
    public string Name { get; } = name;

    public bool Tell(TMessage message) => mailbox.Post(message);

    public ValueTask<bool> TellAsync(TMessage message, CancellationToken cancellationToken = default) =>
        mailbox.PostAsync(message, cancellationToken);

    public override string ToString() => $"actor '{Name}'";
}
