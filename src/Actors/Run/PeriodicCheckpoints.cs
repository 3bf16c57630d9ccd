namespace Flock.Actors.Run;

/// <summary>
/// Saves a run's state every <c>--checkpoint-interval-seconds</c> while it lives (0: only at stop), so a run killed at
/// any moment loses at most one interval of training. One save at a time: a slow disk delays the next, it never
/// stacks them. The save itself is the host's; a save that throws is the host's to report (it stops the run).
/// </summary>
public sealed class PeriodicCheckpoints : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private PeriodicCheckpoints(TimeSpan interval, Func<CancellationToken, Task> save) =>
        _loop = interval > TimeSpan.Zero ? LoopAsync(interval, save, _stop.Token) : Task.CompletedTask;

    public static PeriodicCheckpoints Start(double intervalSeconds, Func<CancellationToken, Task> save) =>
        new(TimeSpan.FromSeconds(intervalSeconds), save);

    /// <summary>Stops the schedule; a save under way is cancelled at its next await and its temporary file removed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped between or during saves: the final save at stop follows.
        }

        _stop.Dispose();
    }

    private static async Task LoopAsync(TimeSpan interval, Func<CancellationToken, Task> save, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            await save(stop);
        }
    }
}
