namespace Flock.Actors.Runtime;

/// <summary>
/// Decides, failure by failure, whether an actor restarts and after which backoff: it keeps the times of the
/// restarts inside the sliding window and refuses once <see cref="SupervisionOptions.MaxRestarts"/> are in it.
/// </summary>
internal sealed class RestartPolicy(SupervisionOptions options, TimeProvider clock)
{
    private readonly Queue<long> _restartsInWindow = new();

    /// <summary>The backoff before the next restart, or null when the failure must escalate.</summary>
    public TimeSpan? OnFailure()
    {
        if (options.Strategy == SupervisionStrategy.Escalate)
        {
            return null;
        }

        var now = clock.GetTimestamp();
        while (_restartsInWindow.Count > 0 && clock.GetElapsedTime(_restartsInWindow.Peek(), now) >= options.Window)
        {
            _restartsInWindow.Dequeue();
        }

        if (_restartsInWindow.Count >= options.MaxRestarts)
        {
            return null;
        }

        _restartsInWindow.Enqueue(now);
        return Backoff(options, _restartsInWindow.Count, Random.Shared.NextDouble());
    }

    /// <summary>Backoff of the <paramref name="restartInWindow"/>-th restart (from 1), jittered by <paramref name="unitRandom"/> in [0, 1).</summary>
    public static TimeSpan Backoff(SupervisionOptions options, int restartInWindow, double unitRandom)
    {
        var min = options.MinBackoff.TotalMilliseconds;
        var max = options.MaxBackoff.TotalMilliseconds;
        var exponential = Math.Min(max, min * Math.Pow(options.BackoffMultiplier, Math.Max(0, restartInWindow - 1)));
        var jittered = exponential * (1.0 + (options.JitterFraction * ((2.0 * unitRandom) - 1.0)));
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, min, max));
    }
}
