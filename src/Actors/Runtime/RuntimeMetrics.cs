using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Runtime;

/// <summary>
/// The runtime's instruments. They are process-wide, on the shared Flock meter, and tagged with the system
/// and actor names, so several actor systems (tests in parallel) report side by side.
/// </summary>
internal static class RuntimeMetrics
{
    private static readonly ConcurrentDictionary<IActorCell, byte> Live = new();

    public static readonly Counter<long> DeadLetters = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.DeadLetters, "{message}", "Messages that never reached their actor.");

    public static readonly Counter<long> Restarts = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.ActorRestarts, "{restart}", "Actor restarts after failures.");

    public static readonly ObservableGauge<int> MailboxDepth = FlockTelemetry.Meter.CreateObservableGauge(
        MetricNames.MailboxDepth, ObserveMailboxDepths, "{message}", "Messages waiting in an actor's mailbox.");

    /// <summary>Includes the actor in the mailbox-depth gauge until <see cref="Forget"/>.</summary>
    public static void Track(IActorCell cell) => Live.TryAdd(cell, 0);

    public static void Forget(IActorCell cell) => Live.TryRemove(cell, out _);

    private static IEnumerable<Measurement<int>> ObserveMailboxDepths()
    {
        foreach (var cell in Live.Keys)
        {
            yield return new Measurement<int>(cell.MailboxDepth, cell.MetricTags);
        }
    }
}
