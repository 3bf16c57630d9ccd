namespace Flock.Actors.Runtime;

/// <summary>The body of <see cref="IActorRef{TMessage}.AskAsync{TReply}"/>, shared by every kind of ref.</summary>
internal static class AskPattern
{
    public static async Task<TReply> AskAsync<TMessage, TReply>(
        IActorRef<TMessage> target,
        Func<IReplyTo<TReply>, TMessage> build,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);

        var promise = new ReplyPromise<TReply>();
        var message = build(promise);
        var messageType = message?.GetType().Name ?? typeof(TMessage).Name;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (!await target.TellAsync(message, deadline.Token).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Ask of {messageType} to actor '{target.Name}' failed: the actor is stopped; the message went to dead letters.");
            }

            return await promise.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            promise.Abandon();
            throw new TimeoutException(
                $"Ask of {messageType} to actor '{target.Name}' timed out after {timeout.TotalMilliseconds:0} ms " +
                $"without a {typeof(TReply).Name} reply.");
        }
    }
}
