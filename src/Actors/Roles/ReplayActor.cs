using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Telemetry;
using Flock.Learner.Replay;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Roles;

/// <summary>
/// Owns the prioritized replay alone (no locks: one mailbox). Inserts, sample requests and priority
/// updates arrive as messages. A samples-per-insert rate limiter (Reverb's manner) keeps the learner's
/// reuse of data steady whatever the number of actors: a sample request that would run ahead of the
/// inserts waits here, and an insert that would run ahead of sampling is parked without its
/// acknowledgement, which stops its actor after a few batches (each actor keeps a small window of
/// unacknowledged batches). Nothing is dropped.
/// </summary>
public sealed class ReplayActor(
    PrioritizedReplay replay,
    SampleToInsertRatioLimiter limiter,
    IActorRef coordinator,
    TimeSpan statsInterval) : UntypedActor, IWithTimers
{
    /// <summary>Role tag of the replay (metrics, spans, mailbox statuses).</summary>
    public const string Role = "replay";

    private readonly string _name = Context.Self.Path.Name;
    private readonly Queue<InsertBatch> _parkedInserts = new();
    private SampleRequest? _parkedSample;
    private readonly BatchTraceIndex _traces = new();
    private long _insertTicks;
    private long _sampleTicks;

    /// <summary>Set by Akka.NET: the stats timer.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How the replay is created: on a thread of its own, so inserts and samples never wait for a pool thread.</summary>
    public static Props Props(PrioritizedReplay replay, SampleToInsertRatioLimiter limiter, IActorRef coordinator, TimeSpan statsInterval) =>
        Akka.Actor.Props.Create(() => new ReplayActor(replay, limiter, coordinator, statsInterval)).WithDispatcher(Hosting.FlockActorSystem.ReplayDispatcher);

    protected override void PreStart() => Timers.StartPeriodicTimer("stats", ReportStats.Instance, statsInterval);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case InsertBatch insert:
                _parkedInserts.Enqueue(insert);
                Progress();
                break;
            case SampleRequest request:
                _parkedSample = request;
                Progress();
                break;
            case PrioritiesUpdated updated:
                var stale = replay.UpdatePriorities(updated.Update.Keys.AsSpan(0, updated.Update.Count), updated.Update.Priorities.AsSpan(0, updated.Update.Count));
                MessageLoss.Dropped(MessageLoss.Sites.Replay, MessageLoss.Reasons.StalePriority, stale, Role);
                break;
            case ReportStats:
                SendStats();
                break;
            case SendReplayStatsNow:
                // The coordinator is local: its stats message is enqueued before this reply leaves.
                SendStats();
                Sender.Tell(ReplayStatsSent.Instance);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop() => SendStats();

    private void SendStats() =>
        coordinator.Tell(new ReplayStatsReported(replay.Count, replay.InsertedCount, replay.SampledCount, replay.StaleUpdateCount, _parkedInserts.Count, _insertTicks, _sampleTicks));

    /// <summary>Serves parked inserts and the parked sample for as long as the limiter lets either move.</summary>
    private void Progress()
    {
        var moved = true;
        while (moved)
        {
            moved = false;
            while (_parkedInserts.TryPeek(out var insert) && limiter.CanInsert(insert.Batch.Count))
            {
                _parkedInserts.Dequeue();
                Insert(insert);
                moved = true;
            }

            if (_parkedSample is { } request && replay.Count > 0 && limiter.CanSample(request.Buffer.Capacity))
            {
                _parkedSample = null;
                Sample(request);
                moved = true;
            }
        }
    }

    /// <summary>Stores a batch in the span of the trace it came with, so one trace follows it from its actor.</summary>
    private void Insert(InsertBatch insert)
    {
        var batch = insert.Batch;
        var start = Stopwatch.GetTimestamp();
        using (var span = FlockSpans.StartChild(SpanNames.ReplayInsert, Role, _name, batch.Trace))
        {
            _traces.Record(replay.InsertedCount, batch.Count, batch.Trace);
            replay.Add(batch);
            limiter.OnInserted(batch.Count);
            span.Tag(TagNames.ActorId, batch.SourceActor);
            span.Tag(TagNames.BatchSize, batch.Count);
            span.Tag(TagNames.WeightsVersion, batch.WeightsVersion);
            span.Tag(TagNames.ReplaySize, replay.Count);
        }

        _insertTicks += Stopwatch.GetTimestamp() - start;
        FlockInstruments.TransitionsInserted.Add(batch.Count);
        FlockInstruments.ReplaySize.Record(replay.Count);
        insert.AckTo?.Tell(InsertAcknowledged.Instance);
    }

    private void Sample(SampleRequest request)
    {
        var start = Stopwatch.GetTimestamp();
        IReadOnlyList<ActivityLink>? links;
        using (var span = FlockSpans.StartChild(SpanNames.ReplaySample, Role, _name, request.Trace))
        {
            replay.Sample(request.Buffer.Capacity, request.Buffer);
            limiter.OnSampled(request.Buffer.Count);
            links = _traces.LinksFor(request.Buffer.Keys.AsSpan(0, request.Buffer.Count));
            span.Tag(TagNames.BatchSize, request.Buffer.Count);
            span.Tag(TagNames.ReplaySize, replay.Count);
        }

        _sampleTicks += Stopwatch.GetTimestamp() - start;
        request.ReplyTo.Tell(new Sampled(request.Buffer, links));
    }
}
