using Flock.Actors.Runtime;
using Flock.Learner.Replay;

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
    IActorRef<ReplayStatsReported> coordinator,
    TimeSpan statsInterval) : Actor<IReplayMessage>
{
    private readonly Queue<InsertBatch> _parkedInserts = new();
    private SampleRequest? _parkedSample;

    public override ValueTask PreStartAsync()
    {
        Context.Timers.StartPeriodic("stats", ReportStats.Instance, statsInterval);
        return ValueTask.CompletedTask;
    }

    public override ValueTask ReceiveAsync(IReplayMessage message)
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
                replay.UpdatePriorities(updated.Update.Keys.AsSpan(0, updated.Update.Count), updated.Update.Priorities.AsSpan(0, updated.Update.Count));
                break;
            case ReportStats:
                SendStats();
                break;
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask PostStopAsync()
    {
        SendStats();
        return ValueTask.CompletedTask;
    }

    private void SendStats() =>
        coordinator.Tell(new ReplayStatsReported(replay.Count, replay.InsertedCount, replay.SampledCount, replay.StaleUpdateCount, _parkedInserts.Count));

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
                replay.Add(insert.Batch);
                limiter.OnInserted(insert.Batch.Count);
                insert.AckTo?.Tell(InsertAcknowledged.Instance);
                moved = true;
            }

            if (_parkedSample is { } request && replay.Count > 0 && limiter.CanSample(request.Buffer.Capacity))
            {
                _parkedSample = null;
                replay.Sample(request.Buffer.Capacity, request.Buffer);
                limiter.OnSampled(request.Buffer.Count);
                request.ReplyTo.Tell(new Sampled(request.Buffer));
                moved = true;
            }
        }
    }
}
