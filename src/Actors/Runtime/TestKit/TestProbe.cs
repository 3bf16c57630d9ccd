using System.Threading.Channels;

namespace Flock.Actors.Runtime.TestKit;

/// <summary>
/// An <see cref="IActorRef{TMessage}"/> that records what it is told, so that actors are tested by the messages
/// they send: hand the probe to the actor under test and expect its messages in order. Never full, never stopped.
/// </summary>
public sealed class TestProbe<TMessage> : IActorRef<TMessage>
{
    /// <summary>Generous on purpose: it is only ever reached when a test fails, and test machines are noisy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<TMessage> _received = Channel.CreateUnbounded<TMessage>();

    public TestProbe(string name = "probe") => Name = name;

    public string Name { get; }

    /// <summary>Messages received and not yet expected.</summary>
    public int Pending => _received.Reader.Count;

    public bool Tell(TMessage message) => _received.Writer.TryWrite(message);

    public ValueTask<bool> TellAsync(TMessage message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(Tell(message));
    }

    /// <summary>Takes the next message, which must be a <typeparamref name="TExpected"/> and arrive within <paramref name="timeout"/>.</summary>
    public async Task<TExpected> ExpectMsgAsync<TExpected>(TimeSpan? timeout = null)
        where TExpected : TMessage
    {
        var wait = timeout ?? DefaultTimeout;
        if (!await TryReceiveAsync(wait).ConfigureAwait(false))
        {
            throw new ProbeExpectationException(
                $"Probe '{Name}' expected a {typeof(TExpected).Name} within {wait.TotalMilliseconds:0} ms, but no message arrived.");
        }

        _received.Reader.TryRead(out var message);
        return message is TExpected expected
            ? expected
            : throw new ProbeExpectationException(
                $"Probe '{Name}' expected a {typeof(TExpected).Name}, but received {Describe(message)}.");
    }

    /// <summary>Takes the next message, which must satisfy <paramref name="predicate"/>; <paramref name="what"/> describes it in the failure.</summary>
    public async Task<TExpected> ExpectMsgAsync<TExpected>(Func<TExpected, bool> predicate, string what, TimeSpan? timeout = null)
        where TExpected : TMessage
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var message = await ExpectMsgAsync<TExpected>(timeout).ConfigureAwait(false);
        return predicate(message)
            ? message
            : throw new ProbeExpectationException($"Probe '{Name}' expected {what}, but received {Describe(message)}.");
    }

    /// <summary>Waits <paramref name="duration"/> and fails, naming it, if any message arrives meanwhile (or was already waiting).</summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        if (await TryReceiveAsync(duration).ConfigureAwait(false))
        {
            _received.Reader.TryRead(out var message);
            throw new ProbeExpectationException(
                $"Probe '{Name}' expected no message for {duration.TotalMilliseconds:0} ms, but received {Describe(message)}.");
        }
    }

    private async Task<bool> TryReceiveAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Describe(TMessage? message) =>
        message is null ? "null" : $"{message.GetType().Name} {message}";

    public override string ToString() => $"probe '{Name}'";
}
