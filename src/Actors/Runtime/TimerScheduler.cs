namespace Flock.Actors.Runtime;

/// <summary>Timers of one actor, on the system's <see cref="TimeProvider"/>, posting into the actor's mailbox.</summary>
internal sealed class TimerScheduler<TMessage>(Mailbox<TMessage> mailbox, TimeProvider clock) : ITimerScheduler<TMessage>
{
    private readonly Dictionary<string, TimerRegistration> _active = new(StringComparer.Ordinal);

    // Timers are meant to be used from the actor's own handlers, but the lock keeps a misuse from another
    // thread from corrupting the table.
    private readonly Lock _lock = new();

    public void StartPeriodic(string key, TMessage message, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, interval, interval);
    }

    public void StartSingle(string key, TMessage message, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Start(key, message, delay, Timeout.InfiniteTimeSpan);
    }

    public bool Cancel(string key)
    {
        lock (_lock)
        {
            if (!_active.Remove(key, out var registration))
            {
                return false;
            }

            registration.Dispose();
            return true;
        }
    }

    public bool IsActive(string key)
    {
        lock (_lock)
        {
            return _active.ContainsKey(key);
        }
    }

    public void CancelAll()
    {
        lock (_lock)
        {
            foreach (var registration in _active.Values)
            {
                registration.Dispose();
            }

            _active.Clear();
        }
    }

    /// <summary>Called by the loop for a dequeued tick: false for a cancelled timer; retires a single timer on delivery.</summary>
    public bool ShouldDeliver(TimerRegistration registration)
    {
        if (registration.Cancelled)
        {
            return false;
        }

        if (!registration.Periodic)
        {
            lock (_lock)
            {
                if (_active.TryGetValue(registration.Key, out var current) && ReferenceEquals(current, registration))
                {
                    _active.Remove(registration.Key);
                }
            }

            registration.Dispose();
        }

        return true;
    }

    private void Start(string key, TMessage message, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var registration = new TimerRegistration(key, periodic: period != Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            if (_active.Remove(key, out var replaced))
            {
                replaced.Dispose();
            }

            _active.Add(key, registration);
            registration.Attach(clock.CreateTimer(
                _ =>
                {
                    if (!registration.Cancelled)
                    {
                        mailbox.PostTick(message, registration);
                    }
                },
                null,
                dueTime,
                period));
        }
    }
}
