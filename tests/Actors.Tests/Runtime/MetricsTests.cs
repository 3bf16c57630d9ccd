using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Runtime;

public sealed class MetricsTests
{
    [Fact]
    public async Task Mailbox_depth_is_reported_as_a_gauge_tagged_with_actor_and_role()
    {
        var gate = new Gate();
        await using var system = TestSystems.Create();
        using var recorder = new MeasurementRecorder(system.Name);
        var actor = system.Spawn("replay-0", () => new ScriptActor(new TestProbe<object>()), new ActorOptions { Role = "replay" });
        actor.Tell(gate.Block);
        await gate.Entered.WaitAsync(TestSystems.Patience);
        actor.Tell(new Item(1));
        actor.Tell(new Item(2));
        actor.Tell(new Item(3));

        recorder.Listener.RecordObservableInstruments();

        var depth = Assert.Single(recorder.Measurements, m => m.Instrument == MetricNames.MailboxDepth);
        Assert.Equal(3, depth.Value);
        Assert.Equal("replay-0", depth.Tags[TagNames.Actor]);
        Assert.Equal("replay", depth.Tags[TagNames.Role]);
        gate.Open();
    }

    [Fact]
    public async Task Restarts_and_dead_letters_are_counted_with_the_actors_tags()
    {
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        using var recorder = new MeasurementRecorder(system.Name);
        var actor = system.Spawn("env-1", () => new ScriptActor(probe), new ActorOptions { Role = "env", Supervision = TestSystems.RestartAtOnce() });

        actor.Tell(new Boom("env crashed"));
        actor.Tell(new Item(1));
        await probe.ExpectMsgAsync<Tagged>();
        await system.StopAsync(actor, TestSystems.Patience);
        actor.Tell(new Item(2));

        var restart = Assert.Single(recorder.Measurements, m => m.Instrument == MetricNames.ActorRestarts);
        Assert.Equal(1, restart.Value);
        Assert.Equal("env", restart.Tags[TagNames.Role]);
        var deadLetter = Assert.Single(recorder.Measurements, m => m.Instrument == MetricNames.DeadLetters);
        Assert.Equal("env-1", deadLetter.Tags[TagNames.Actor]);
        Assert.Equal(nameof(DeadLetterReason.ActorStopped), deadLetter.Tags[TagNames.Reason]);
    }

    private sealed record Recorded(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Listens to the Flock meter and keeps the measurements of one actor system (tests run in parallel).</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Recorded> _measurements = new();
        private readonly string _system;

        public MeasurementRecorder(string system)
        {
            _system = system;
            Listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FlockTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            Listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
            Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            Listener.Start();
        }

        public MeterListener Listener { get; } = new();

        public IReadOnlyList<Recorded> Measurements => [.. _measurements];

        public void Dispose() => Listener.Dispose();

        private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (copy.TryGetValue(TagNames.System, out var system) && Equals(system, _system))
            {
                _measurements.Enqueue(new Recorded(instrument.Name, value, copy));
            }
        }
    }
}
