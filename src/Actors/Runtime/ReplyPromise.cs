namespace Flock.Actors.Runtime;

/// <summary>In-process <see cref="IReplyTo{TReply}"/>: a task the asker awaits.</summary>
internal sealed class ReplyPromise<TReply> : IReplyTo<TReply>
{
    // Asynchronous continuations: the replying actor must not run the asker's code on its own thread.
    private readonly TaskCompletionSource<TReply> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TReply> Task => _completion.Task;

    public bool Reply(TReply reply) => _completion.TrySetResult(reply);

    public bool Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _completion.TrySetException(error);
    }

    /// <summary>The asker gave up: later replies are refused. Cancelled, not faulted, so nothing goes unobserved.</summary>
    public void Abandon() => _completion.TrySetCanceled();
}
