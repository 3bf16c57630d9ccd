using System.Collections.Concurrent;
using Flock.Actors.Roles;
using Flock.Shared.Messages;

namespace Flock.Actors.Cluster;

/// <summary>
/// For benchmarks: the time from the learner publishing a snapshot to every actor of this node acting
/// with it. Delivered snapshots wait here with their publish time; a watcher thread sees the actors'
/// swap-ins through their counters (about a millisecond of resolution) and reports each version once,
/// with the time to delivery (decoded and in the actors' mailboxes) and the time to swap-in.
/// </summary>
public sealed class SwapInWatch(IReadOnlyList<EnvironmentActorCounters> counters, Action<long, TimeSpan, TimeSpan> report)
{
    private readonly ConcurrentDictionary<long, (long PublishedAt, TimeSpan Delivered)> _pending = new();

    /// <summary>A snapshot reached the actors' mailboxes, <paramref name="sincePublished"/> after the learner sent it.</summary>
    public void Delivered(WeightSnapshot snapshot, TimeSpan sincePublished) =>
        _pending[snapshot.Version] = (DateTime.UtcNow.Ticks - sincePublished.Ticks, sincePublished);

    /// <summary>Watches until <paramref name="stopping"/> fires, on a thread of its own that sleeps between looks.</summary>
    public Task RunAsync(CancellationToken stopping) => Task.Factory.StartNew(() =>
    {
        while (!stopping.IsCancellationRequested)
        {
            if (!_pending.IsEmpty && counters.Count > 0)
            {
                var actingWith = counters.Min(c => Volatile.Read(ref c.WeightsVersion));
                foreach (var (version, (publishedAt, delivered)) in _pending)
                {
                    if (version <= actingWith && _pending.TryRemove(version, out _))
                    {
                        report(version, delivered, TimeSpan.FromTicks(DateTime.UtcNow.Ticks - publishedAt));
                    }
                }
            }

            Thread.Sleep(1);
        }
    }, stopping, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
