using System.Collections.Concurrent;
using System.Diagnostics;
using Flock.Actors.Roles;
using Flock.Shared.Messages;

namespace Flock.Actors.Cluster;

/// <summary>
/// For benchmarks: when every actor of this node acts with a weights version. Delivered snapshots wait
/// here with the time they reached the actors' mailboxes; a watcher thread sees the actors' swap-ins
/// through their counters (about a millisecond of resolution) and reports each version once, with the
/// <see cref="Stopwatch"/> timestamps of delivery and swap-in (the bench compares them with the time it
/// had the learner broadcast, in the same process).
/// </summary>
public sealed class SwapInWatch(IReadOnlyList<EnvironmentActorCounters> counters, Action<long, long, long> report)
{
    private readonly ConcurrentDictionary<long, long> _pending = new();

    /// <summary>A snapshot reached the actors' mailboxes now.</summary>
    public void Delivered(WeightSnapshot snapshot) => _pending[snapshot.Version] = Stopwatch.GetTimestamp();

    /// <summary>Watches until <paramref name="stopping"/> fires, on a thread of its own that sleeps between looks.</summary>
    public Task RunAsync(CancellationToken stopping) => Task.Factory.StartNew(() =>
    {
        while (!stopping.IsCancellationRequested)
        {
            if (!_pending.IsEmpty && counters.Count > 0)
            {
                var actingWith = counters.Min(c => Volatile.Read(ref c.WeightsVersion));
                foreach (var (version, delivered) in _pending)
                {
                    if (version <= actingWith && _pending.TryRemove(version, out _))
                    {
                        report(version, delivered, Stopwatch.GetTimestamp());
                    }
                }
            }

            Thread.Sleep(1);
        }
    }, stopping, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
