using System.Threading.Channels;

namespace Flock.Actors.Runtime;

/// <summary>
/// An actor's bounded queue, read by its message loop alone. Every message that does not make it in (actor
/// stopped, mailbox full, evicted, tick refused) is counted here and reported to the dead-letter office.
/// </summary>
internal sealed class Mailbox<TMessage>
{
    private readonly Channel<Envelope<TMessage>> _channel;
    private readonly string _actor;
    private readonly string _role;
    private readonly DeadLetterOffice _deadLetterOffice;
    private volatile bool _closed;
    private volatile bool _stoppedOnRequest;
    private long _deadLetters;

    public Mailbox(string actor, string role, int capacity, MailboxFullMode fullMode, DeadLetterOffice deadLetterOffice)
    {
        _actor = actor;
        _role = role;
        _deadLetterOffice = deadLetterOffice;
        Capacity = capacity;
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = fullMode == MailboxFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            // Never run the actor's loop, or a waiting sender, inline on the thread of whoever wrote or read.
            AllowSynchronousContinuations = false,
        };
        _channel = Channel.CreateBounded<Envelope<TMessage>>(options, OnEvicted);
    }

    public int Capacity { get; }

    /// <summary>Messages waiting now.</summary>
    public int Depth => _channel.Reader.Count;

    /// <summary>Messages meant for this actor that never reached it.</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    public ChannelReader<Envelope<TMessage>> Reader => _channel.Reader;

    public bool Post(TMessage message)
    {
        if (_channel.Writer.TryWrite(new Envelope<TMessage>(message, null)))
        {
            return true;
        }

        DeadLetter(message, _closed ? DeadLetterReason.ActorStopped : DeadLetterReason.MailboxFull);
        return false;
    }

    public ValueTask<bool> PostAsync(TMessage message, CancellationToken cancellationToken)
    {
        // The common case, space available, completes synchronously without an async state machine.
        if (_channel.Writer.TryWrite(new Envelope<TMessage>(message, null)))
        {
            return new ValueTask<bool>(true);
        }

        if (_closed)
        {
            DeadLetter(message, DeadLetterReason.ActorStopped);
            return new ValueTask<bool>(false);
        }

        return WaitAndPostAsync(message, cancellationToken);
    }

    /// <summary>A timer tick: never waits, so a full mailbox cannot stall the timer thread; a refused tick is a dead letter.</summary>
    public void PostTick(TMessage message, TimerRegistration timer)
    {
        if (!_channel.Writer.TryWrite(new Envelope<TMessage>(message, timer)) && !_closed)
        {
            DeadLetter(message, DeadLetterReason.TimerTickDropped);
        }
    }

    /// <summary>
    /// Refuses new messages from now on; those already queued stay readable. <paramref name="onRequest"/>: the
    /// actor was stopped on purpose, so messages still arriving (replies already on their way) are expected.
    /// </summary>
    public void Close(bool onRequest = false)
    {
        _stoppedOnRequest = onRequest;
        _closed = true;
        _channel.Writer.TryComplete();
    }

    /// <summary>Empties the mailbox into dead letters. Only the actor's loop may call it (single reader).</summary>
    public void DrainToDeadLetters()
    {
        while (_channel.Reader.TryRead(out var envelope))
        {
            DeadLetter(envelope);
        }
    }

    /// <summary>Counts a message taken out of the mailbox but not handled; ticks of cancelled timers were unwanted anyway.</summary>
    public void DeadLetter(in Envelope<TMessage> envelope)
    {
        if (envelope.Timer is not { Cancelled: true })
        {
            DeadLetter(envelope.Message, DeadLetterReason.ActorStopped);
        }
    }

    private async ValueTask<bool> WaitAndPostAsync(TMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(new Envelope<TMessage>(message, null), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            DeadLetter(message, DeadLetterReason.ActorStopped);
            return false;
        }
    }

    private void OnEvicted(Envelope<TMessage> envelope) => DeadLetter(envelope.Message, DeadLetterReason.DroppedOldest);

    private void DeadLetter(TMessage message, DeadLetterReason reason)
    {
        Interlocked.Increment(ref _deadLetters);
        _deadLetterOffice.Record(_actor, _role, message?.GetType() ?? typeof(TMessage), reason, expected: reason == DeadLetterReason.ActorStopped && _stoppedOnRequest);
    }
}
