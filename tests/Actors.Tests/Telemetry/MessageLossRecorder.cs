using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>
/// Listens to <see cref="MetricNames.MessagesDropped"/> and <see cref="MetricNames.MessagesRejected"/> and keeps
/// the measurements its <c>keep</c> filter accepts (tests run in parallel: each keeps only its own).
/// </summary>
public sealed class MessageLossRecorder : IDisposable
{
    private readonly ConcurrentQueue<Loss> _losses = new();
    private readonly MeterListener _listener = new();

    public MessageLossRecorder(Func<Loss, bool> keep)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FlockTelemetry.Name && instrument.Name is MetricNames.MessagesDropped or MetricNames.MessagesRejected)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value as string;
            }

            var loss = new Loss(instrument.Name, copy.GetValueOrDefault(TagNames.Site), copy.GetValueOrDefault(TagNames.Reason), copy.GetValueOrDefault(TagNames.Role), value);
            if (keep(loss))
            {
                _losses.Enqueue(loss);
            }
        });
        _listener.Start();
    }

    /// <param name="Instrument">The counter's name.</param>
    /// <param name="Site">Where (<see cref="TagNames.Site"/>).</param>
    /// <param name="Reason">Why (<see cref="TagNames.Reason"/>).</param>
    /// <param name="Role">The actor role, where there is one.</param>
    /// <param name="Count">Messages this measurement adds.</param>
    public sealed record Loss(string Instrument, string? Site, string? Reason, string? Role, long Count);

    public IReadOnlyList<Loss> Losses => [.. _losses];

    /// <summary>Messages counted on <paramref name="instrument"/> for (site, reason).</summary>
    public long Total(string instrument, string site, string reason) =>
        Losses.Where(l => l.Instrument == instrument && l.Site == site && l.Reason == reason).Sum(l => l.Count);

    public void Dispose() => _listener.Dispose();
}
