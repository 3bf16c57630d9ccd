namespace Flock.Actors.Runtime;

/// <summary>One started timer: the key it was started under, whether it repeats, and whether it is still wanted.</summary>
internal sealed class TimerRegistration(string key, bool periodic) : IDisposable
{
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private volatile bool _cancelled;

    public string Key { get; } = key;

    public bool Periodic { get; } = periodic;

    /// <summary>True once cancelled or replaced; its ticks still in the mailbox are then skipped.</summary>
    public bool Cancelled => _cancelled;

    public void Attach(ITimer timer)
    {
        lock (_lock)
        {
            if (_cancelled)
            {
                timer.Dispose();
                return;
            }

            _timer = timer;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _cancelled = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
