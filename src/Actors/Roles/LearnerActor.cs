using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Telemetry;
using Flock.Learner;
using Flock.Learner.Dqn;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Roles;

/// <summary>What the learner actor needs besides its <see cref="DqnLearner"/>.</summary>
/// <param name="BatchSize">Transitions per update.</param>
/// <param name="BroadcastInterval">Updates between weight broadcasts; 0 broadcasts at each target sync.</param>
/// <param name="StatsInterval">Time between reports to the coordinator.</param>
/// <param name="FailAtUpdate">Test hook: throw at this update, to prove a learner failure is handled (null in real runs).</param>
/// <param name="Gate">Pauses the learner while closed (a sweep's trial held at a rung); null: never paused.</param>
/// <param name="PrefetchDepth">Sample requests kept in flight while the learner trains; deeper for a fast (GPU) learner, so it never waits for the replay.</param>
public sealed record LearnerSetup(int BatchSize, int BroadcastInterval, TimeSpan StatsInterval, long? FailAtUpdate = null, LearnerGate? Gate = null, int PrefetchDepth = 1);

/// <summary>
/// The one learner: trains on a batch while the replay already fills the next ones (a ring of
/// <see cref="LearnerSetup.PrefetchDepth"/> + 1 buffers, that many sample requests always in flight), sends the new |TD| errors back as priorities, syncs the target
/// network on the learner's interval and broadcasts the online weights to every subscriber (environment
/// actors, evaluator). A non-finite loss stops the run: training on NaN would only overwrite the last
/// good weights. Runs on a thread of its own (<see cref="Hosting.FlockActorSystem.DedicatedDispatcher"/>).
/// </summary>
public sealed class LearnerActor(
    DqnLearner learner,
    LearnerSetup setup,
    IActorRef replay,
    IReadOnlyList<IActorRef> subscribers,
    IActorRef coordinator) : UntypedActor, IWithTimers
{
    /// <summary>Role tag of the learner (metrics, spans, mailbox statuses).</summary>
    public const string Role = "learner";

    /// <summary>Part of the message a run fails with when the loss or Q-values stop being finite; <c>flockrl doctor</c> looks for it in summary.json.</summary>
    public const string DivergedPhrase = "the network diverged";

    private readonly SampledBatch[] _buffers = [.. Enumerable.Range(0, setup.PrefetchDepth + 1).Select(_ => new SampledBatch(setup.BatchSize, learner.Spec.ObsDim))];
    private readonly float[] _tdErrors = new float[setup.BatchSize];
    private int _next;
    private long _broadcasts;
    private long _lastBroadcastAt;
    private UpdateSums _sums;
    private long _updateTicks;
    private long _broadcastTicks;
    private readonly string _name = Context.Self.Path.Name;
    private long _waitTicks;
    private long _idleSince;

    // Sample requests not sent while the sweep's gate was closed, sent when it opens.
    private int _samplesOwed;

    /// <summary>Set by Akka.NET: the stats timer.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// How the learner is created: on a thread of its own. Stop it with a system stop (not a PoisonPill) so that
    /// a batch still queued is not trained on and the weights stay those of the moment of the stop.
    /// </summary>
    public static Props Props(DqnLearner learner, LearnerSetup setup, IActorRef replay, IReadOnlyList<IActorRef> subscribers, IActorRef coordinator) =>
        Akka.Actor.Props.Create(() => new LearnerActor(learner, setup, replay, subscribers, coordinator)).WithDispatcher(Hosting.FlockActorSystem.DedicatedDispatcher);

    protected override void PreStart() => Timers.StartPeriodicTimer("stats", ReportStats.Instance, setup.StatsInterval);

    /// <summary>Final figures, so the last metrics row agrees with the summary.</summary>
    protected override void PostStop() => coordinator.Tell(Report());

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartLearning:
                Broadcast();
                for (var i = 0; i < setup.PrefetchDepth; i++)
                {
                    RequestSample();
                }

                _idleSince = Stopwatch.GetTimestamp();
                break;
            case Sampled sampled:
                Update(sampled);
                break;
            case ReportStats:
                coordinator.Tell(Report());
                _sums = default;
                if (_samplesOwed > 0 && setup.Gate is not { IsOpen: false })
                {
                    var owed = _samplesOwed;
                    _samplesOwed = 0;
                    for (var i = 0; i < owed; i++)
                    {
                        RequestSample();
                    }

                    // The pause was the gate's, not the replay's.
                    _idleSince = Stopwatch.GetTimestamp();
                }

                break;
            case ExportTrainingState:
                Sender.Tell(learner.ExportState());
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private LearnerStatsReported Report() => new(
        learner.Updates, learner.Updates, learner.TargetSyncs, _broadcasts,
        _sums.MeanLoss, _sums.MeanAbsQ, _sums.MeanAbsTdError, _sums.MeanGradNorm, _sums.ClippedFraction, _sums.LearningRate, _updateTicks, _broadcastTicks, _waitTicks);

    /// <summary>
    /// One update in one span, linked to the traced batches its sample drew from. The prefetch of the next
    /// sample is asked from inside it, so that sample span is a child of this update. A broadcast that falls
    /// due follows the update as its own trace, sampled on its own, so it is seen at the sample ratio.
    /// </summary>
    private void Update(Sampled sampled)
    {
        var start = Stopwatch.GetTimestamp();
        if (_idleSince != 0)
        {
            _waitTicks += start - _idleSince;
        }

        bool broadcastDue;
        using (var span = FlockSpans.Start(SpanNames.LearnerUpdate, Role, _name, links: sampled.Links))
        {
            RequestSample(FlockSpans.ContextOf(span));
            broadcastDue = Train(sampled.Batch);
            span.Tag(TagNames.BatchSize, sampled.Batch.Count);
            span.Tag(TagNames.WeightsVersion, learner.Updates);
        }

        var ticks = Stopwatch.GetTimestamp() - start;
        _updateTicks += ticks;
        FlockInstruments.UpdateDuration.Record((double)ticks / Stopwatch.Frequency);
        FlockInstruments.LearnerUpdates.Add(1);
        if (broadcastDue)
        {
            Broadcast();
        }

        _idleSince = Stopwatch.GetTimestamp();
    }

    private void RequestSample(ActivityContext trace = default)
    {
        if (setup.Gate is { IsOpen: false })
        {
            _samplesOwed++;
            return;
        }

        var buffer = _buffers[_next];
        _next = (_next + 1) % _buffers.Length;
        replay.Tell(new SampleRequest(buffer, Self, trace));
    }

    /// <summary>One gradient update; true when the new weights are due for a broadcast.</summary>
    private bool Train(SampledBatch batch)
    {
        if (setup.FailAtUpdate is { } failAt && learner.Updates + 1 >= failAt)
        {
            throw new InvalidOperationException($"injected learner failure at update {learner.Updates + 1} (test hook)");
        }

        var result = learner.Train(batch, _tdErrors);
        if (!float.IsFinite(result.Loss) || !float.IsFinite(result.MeanAbsQ))
        {
            throw new InvalidOperationException(
                $"the loss became {result.Loss} (mean |Q| {result.MeanAbsQ}) at update {result.UpdateCount}: {DivergedPhrase}. " +
                "Try a lower --learning-rate, --loss huber, a --grad-clip-norm, or a longer --target-update-interval.");
        }

        var count = batch.Count;
        replay.Tell(new PrioritiesUpdated(new PriorityUpdate(count, batch.Keys[..count], _tdErrors[..count])));
        _sums.Add(result, _tdErrors.AsSpan(0, count));

        return setup.BroadcastInterval == 0
            ? result.TargetSynced
            : result.UpdateCount - _lastBroadcastAt >= setup.BroadcastInterval;
    }

    private void Broadcast()
    {
        var start = Stopwatch.GetTimestamp();
        using (var span = FlockSpans.Start(SpanNames.LearnerBroadcast, Role, _name))
        {
            var snapshot = learner.Snapshot();
            var message = new WeightsArrived(span is null ? snapshot : snapshot with { Trace = span.Context });
            foreach (var subscriber in subscribers)
            {
                subscriber.Tell(message);
            }

            span.Tag(TagNames.WeightsVersion, snapshot.Version);
        }

        _broadcasts++;
        _lastBroadcastAt = learner.Updates;
        _broadcastTicks += Stopwatch.GetTimestamp() - start;
    }
}
