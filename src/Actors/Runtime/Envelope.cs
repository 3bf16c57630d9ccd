namespace Flock.Actors.Runtime;

/// <summary>
/// A queued message, plus the timer that sent it (null for told messages), so that ticks of a timer cancelled
/// after they were queued are recognised and skipped. A struct: queuing allocates nothing.
/// </summary>
internal readonly struct Envelope<TMessage>(TMessage message, TimerRegistration? timer)
{
    public TMessage Message { get; } = message;

    public TimerRegistration? Timer { get; } = timer;
}
