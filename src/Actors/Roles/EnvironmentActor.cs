using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
using Flock.Environments;
using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Learner.Numerics;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Roles;

/// <summary>Counters of one environment actor slot that survive restarts of the actor instance.</summary>
public sealed class EnvironmentActorCounters
{
    public long EnvSteps;
    public long Episodes;
    public long NonZeroRewards;
    public long EnvErrors;
    public long BatchesSent;

    /// <summary>
    /// Batches sent and not yet acknowledged. Kept here because the mailbox outlives a restarted instance:
    /// acknowledgements of batches the failed instance sent still arrive and must still free their slots.
    /// </summary>
    public int BatchesInFlight;
    public long WeightsVersion;
    public WeightSnapshot? LatestWeights;

    /// <summary>The slot's fault budget, counted per env steps across restarts.</summary>
    public readonly EnvironmentFaultPolicy FaultPolicy = new();

    /// <summary>Where the actor's time went, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public readonly EnvironmentActorTimes Times = new();
}

/// <summary>
/// Time an environment actor spent per phase. Four timestamps per vector step of K environments cost
/// tens of nanoseconds against microseconds of work, so they are always on.
/// </summary>
public sealed class EnvironmentActorTimes
{
    public long Stepping;
    public long Inference;
    public long Batching;
    public long Sending;

    /// <summary>A copy to send away, so the reader never sees the owner's later additions half-way.</summary>
    public EnvironmentActorTimes Copy() => new() { Stepping = Stepping, Inference = Inference, Batching = Batching, Sending = Sending };
}

/// <summary>Everything an environment actor needs; one per actor slot.</summary>
public sealed record EnvironmentActorSetup(
    int ActorId,
    int ActorCount,
    EnvRegistration Environment,
    int EnvsPerActor,
    ulong Seed,
    QNetworkSpec Network,
    WeightSnapshot InitialWeights,
    NStepOptions NStep,
    ExplorationOptions Exploration,
    int SendBatchSize,
    InitialPriorityKind InitialPriority,
    int MaxBatchesInFlight,
    TimeSpan StatsInterval,
    EnvStepBudget? StepBudget = null,
    RunFaults? Faults = null);

/// <summary>
/// Steps a <see cref="VectorEnv"/> of K environments with a local copy of the network: one batched forward
/// pass picks all K actions (ε-greedy, ε per actor), an n-step accumulator turns steps into transitions,
/// and full batches go to the replay with locally computed initial priorities (Ape-X). At most a few
/// batches are unacknowledged at a time, so a replay that is not keeping up slows this actor down
/// instead of queueing without bound. Works in slices (<see cref="StepSome"/>) so new weights are swapped
/// in between two slices. An environment fault resets only the environment that faulted (its partial
/// episode and n-step data dropped) and is counted; when the slot's <see cref="EnvironmentFaultPolicy"/>
/// gives up, the run is told (<see cref="RunFaults.GiveUp"/>), or, without a run in this process, the
/// actor fails and supervision takes over. Runs on a thread of its own (<see cref="Hosting.FlockActorSystem.DedicatedDispatcher"/>).
/// </summary>
public sealed class EnvironmentActor : UntypedActor, IWithTimers
{
    /// <summary>Role tag of every environment actor (metrics, spans, mailbox statuses).</summary>
    public const string Role = "env";

    private const int MaxVectorStepsPerSlice = 256;

    private readonly EnvironmentActorSetup _setup;
    private readonly EnvironmentActorCounters _counters;
    private readonly IActorRef _replay;
    private readonly IActorRef _coordinator;
    private readonly string _name;
    private readonly VectorEnv _envs;
    private readonly QNetwork _network;
    private readonly EpsilonGreedyPolicy _policy;
    private readonly EpsilonSchedule _epsilon;
    private readonly NStepAccumulator _nStep;
    private readonly InitialPriorityCalculator _priorities;
    private readonly float[] _observations;
    private readonly int[] _actions;
    private TransitionBatch _batch;
    private int _batchCount;
    private bool _loopArmed;
    private bool _waitingForAck;
    private bool _outOfSteps;
    private long _statsEpisodes;
    private double _statsReturnSum;
    private readonly KeyValuePair<string, object?> _actorTag;
    private readonly RunFaults _faults;

    public EnvironmentActor(EnvironmentActorSetup setup, EnvironmentActorCounters counters, IActorRef replay, IActorRef coordinator)
    {
        _setup = setup;
        _name = Self.Path.Name;
        _counters = counters;
        _replay = replay;
        _coordinator = coordinator;
        _envs = setup.Environment.MakeVector(setup.EnvsPerActor);
        var obsDim = _envs.ObservationSize;
        _network = new QNetwork(setup.Network, setup.Seed);
        var weights = counters.LatestWeights ?? setup.InitialWeights;
        _network.LoadWeights(weights.Weights, weights.Version);
        counters.WeightsVersion = weights.Version;
        _policy = new EpsilonGreedyPolicy(_network, new FastRandom(setup.Seed ^ 0x9E3779B97F4A7C15UL));
        _epsilon = EpsilonSchedule.ForActor(setup.Exploration, setup.ActorId, setup.ActorCount);
        _nStep = new NStepAccumulator(setup.EnvsPerActor, obsDim, setup.NStep);
        _priorities = new InitialPriorityCalculator(_network);
        _observations = new float[setup.EnvsPerActor * obsDim];
        _actions = new int[setup.EnvsPerActor];
        _batch = NewBatch();
        _actorTag = new(TagNames.ActorId, setup.ActorId);
        _faults = setup.Faults ?? new RunFaults(Console.Error);
    }

    /// <summary>Set by Akka.NET: the stats timer; cancelled on stop and restart.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How an environment actor is created: on a thread of its own.</summary>
    public static Props Props(EnvironmentActorSetup setup, EnvironmentActorCounters counters, IActorRef replay, IActorRef coordinator) =>
        Akka.Actor.Props.Create(() => new EnvironmentActor(setup, counters, replay, coordinator)).WithDispatcher(Hosting.FlockActorSystem.DedicatedDispatcher);

    protected override void PreStart()
    {
        // A restarted instance gets a fresh seed stream so it does not replay the trajectory that failed.
        _envs.Reset(_setup.Seed + (ulong)_counters.EnvErrors * 7919UL);
        Timers.StartPeriodicTimer("stats", ReportStats.Instance, _setup.StatsInterval);
        ArmLoop();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StepSome:
                _loopArmed = false;
                StepSlice();
                break;
            case WeightsArrived w:
                using (var swap = FlockSpans.StartChild(SpanNames.ActorWeightsSwap, Role, _name, w.Snapshot.Trace))
                {
                    swap.Tag(TagNames.ActorId, _setup.ActorId);
                    swap.Tag(TagNames.WeightsVersion, w.Snapshot.Version);
                    _network.LoadWeights(w.Snapshot.Weights, w.Snapshot.Version);
                }

                _counters.WeightsVersion = w.Snapshot.Version;
                _counters.LatestWeights = w.Snapshot;
                RearmIfDropped();
                break;
            case InsertAcknowledged:
                _counters.BatchesInFlight--;
                if (_waitingForAck && _counters.BatchesInFlight < _setup.MaxBatchesInFlight)
                {
                    _waitingForAck = false;
                    ArmLoop();
                }

                break;
            case ReportStats:
                SendStats();
                if (_outOfSteps && !_counters.FaultPolicy.GaveUp && _setup.StepBudget is { HasRoom: true })
                {
                    // A hold on the budget moved on: step again.
                    _outOfSteps = false;
                }

                RearmIfDropped();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Sends the next work slice to itself, unless the run's steps are spent; one slice is in flight at a time.</summary>
    private void ArmLoop()
    {
        if (!_outOfSteps)
        {
            Self.Tell(StepSome.Instance);
            _loopArmed = true;
        }
    }

    private void RearmIfDropped()
    {
        if (!_loopArmed && !_waitingForAck)
        {
            ArmLoop();
        }
    }

    /// <summary>Also runs before a restart: the failed instance's environments go, its figures are sent.</summary>
    protected override void PostStop()
    {
        SendStats();
        _envs.Dispose();
    }

    private void StepSlice()
    {
        // One span per slice (a batch's worth of vector steps), never per step.
        using var span = FlockSpans.Start(SpanNames.EnvStepBatch, Role, _name);
        var stepsBefore = _counters.EnvSteps;
        try
        {
            for (var i = 0; i < MaxVectorStepsPerSlice; i++)
            {
                if (_counters.BatchesInFlight >= _setup.MaxBatchesInFlight)
                {
                    _waitingForAck = true;
                    return;
                }

                if (_setup.StepBudget is { } budget && !budget.TryClaim(_setup.EnvsPerActor))
                {
                    // The run's steps are spent (or held at a sweep's rung): hand over what is batched and wait.
                    _outOfSteps = true;
                    if (_batchCount > 0)
                    {
                        SendBatch(span);
                    }

                    return;
                }

                try
                {
                    StepOnce();
                }
                catch (Exception) when (_setup.StepBudget is { } claimed)
                {
                    // A failed vector step took no steps; its claim goes back for the restarted actor.
                    claimed.Return(_setup.EnvsPerActor);
                    throw;
                }

                _setup.StepBudget?.Taken(_setup.EnvsPerActor);
                if (_counters.FaultPolicy.GaveUp)
                {
                    // The run is ending on the faults; what is batched is not worth sending.
                    return;
                }

                if (_batchCount >= _setup.SendBatchSize)
                {
                    SendBatch(span);
                    break;
                }
            }
        }
        finally
        {
            FlockInstruments.EnvSteps.Add(_counters.EnvSteps - stepsBefore, _actorTag);
            span.Tag(TagNames.ActorId, _setup.ActorId);
            span.Tag(TagNames.VectorSteps, (_counters.EnvSteps - stepsBefore) / _setup.EnvsPerActor);
            span.Tag(TagNames.WeightsVersion, _counters.WeightsVersion);
        }

        ArmLoop();
    }

    private void StepOnce()
    {
        var k = _setup.EnvsPerActor;
        var times = _counters.Times;
        var start = Stopwatch.GetTimestamp();
        _envs.Observations.CopyTo(_observations);
        _policy.SelectActions(_observations, k, _epsilon.EpsilonAt(_counters.EnvSteps), _actions);
        var inferred = Stopwatch.GetTimestamp();
        try
        {
            _envs.Step(_actions);
        }
        catch (EnvironmentFaultException fault)
        {
            // The vector reset the environments that faulted and completed the step for the others.
            _counters.EnvErrors += _envs.FaultedCount;
            _faults.Report(_name, fault, _envs.FaultedCount);
        }

        if (_counters.FaultPolicy.Record(k, _envs.FaultedCount))
        {
            GiveUp();
        }

        var stepped = Stopwatch.GetTimestamp();
        times.Inference += inferred - start;
        times.Stepping += stepped - inferred;
        _batchCount += _nStep.Push(_observations, _actions, _envs.Rewards, _envs.Terminated, _envs.Truncated, _envs.FinalObservations, _batch, _batchCount, _envs.Faulted);
        _counters.EnvSteps += k;
        foreach (var reward in _envs.Rewards)
        {
            if (reward != 0)
            {
                _counters.NonZeroRewards++;
            }
        }

        var finished = _envs.FinishedReturns;
        var terminated = _envs.Terminated;
        var truncated = _envs.Truncated;
        for (var e = 0; e < k; e++)
        {
            if (terminated[e] || truncated[e])
            {
                _counters.Episodes++;
                _statsEpisodes++;
                _statsReturnSum += finished[e];
                FlockInstruments.EpisodeReturn.Record(finished[e]);
            }
        }

        times.Batching += Stopwatch.GetTimestamp() - stepped;
    }

    /// <summary>The fault budget is spent: the run in this process fails; without one the actor fails.</summary>
    private void GiveUp()
    {
        if (_setup.Faults is null)
        {
            throw new InvalidOperationException(_counters.FaultPolicy.GiveUpMessage(_envs.EnvId, _name, _faults.Sites.First?.Message ?? "none recorded"));
        }

        _faults.GiveUp(_name, _envs.EnvId, _counters.FaultPolicy);
        _outOfSteps = true;
    }

    /// <param name="slice">The slice's span: the batch carries its context, so the insert joins the same trace.</param>
    private void SendBatch(Activity? slice)
    {
        var times = _counters.Times;
        var start = Stopwatch.GetTimestamp();
        var batch = _batch with { Count = _batchCount, WeightsVersion = _counters.WeightsVersion, Trace = FlockSpans.ContextOf(slice) };
        using (var inference = FlockSpans.Start(SpanNames.EnvInference, Role, _name))
        {
            inference.Tag(TagNames.BatchSize, _batchCount);
            if (_setup.InitialPriority == InitialPriorityKind.Actor)
            {
                _priorities.Compute(batch, _batchCount);
            }
            else
            {
                batch.InitialPriorities.AsSpan(0, _batchCount).Fill(-1f);
            }
        }

        var prioritised = Stopwatch.GetTimestamp();
        times.Inference += prioritised - start;
        _counters.BatchesInFlight++;
        _counters.BatchesSent++;
        using (var send = FlockSpans.Start(SpanNames.ActorSend, Role, _name))
        {
            send.Tag(TagNames.BatchSize, _batchCount);
            _replay.Tell(new InsertBatch(batch, Self));
        }

        times.Sending += Stopwatch.GetTimestamp() - prioritised;

        // The replay owns the sent arrays now; the next batch gets its own.
        _batch = NewBatch();
        _batchCount = 0;
    }

    private TransitionBatch NewBatch() =>
        TransitionBatch.Allocate(_setup.ActorId, _setup.SendBatchSize + _nStep.MaxTransitionsPerPush, _envs.ObservationSize, _envs.ObservationSpace.Encoding);

    private void SendStats()
    {
        var mean = _statsEpisodes > 0 ? _statsReturnSum / _statsEpisodes : double.NaN;
        _statsEpisodes = 0;
        _statsReturnSum = 0;
        var stats = new ActorStats(_setup.ActorId, _counters.EnvSteps, _counters.Episodes, mean, _epsilon.EpsilonAt(_counters.EnvSteps), _counters.WeightsVersion, _counters.EnvErrors);
        _coordinator.Tell(new ActorStatsReported(stats, _counters.NonZeroRewards, _counters.Times.Copy()));
    }
}
