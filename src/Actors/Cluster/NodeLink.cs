using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Flock.Actors.Hosting;
using Flock.Actors.Roles;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;
using Flock.Shared.Wire;

namespace Flock.Actors.Cluster;

/// <summary>What a node got when it joined: the run's id, its configuration and this node's actor ids.</summary>
public sealed record NodeGrant(Guid RunId, string ConfigJson, IReadOnlyList<int> ActorIds) : ILocalMessage;

/// <summary>The node's environment actors, once spawned: they receive the weights from here on; heartbeats go at the run's interval.</summary>
public sealed record NodeActorsReady(IReadOnlyList<IActorRef> Actors, IReadOnlyList<EnvironmentActorCounters> Counters, TimeSpan HeartbeatInterval) : ILocalMessage;

/// <summary>What a <see cref="NodeLink"/> tells the code that runs the node (outside the actor system).</summary>
public sealed class NodeLinkSignals
{
    private long _transitionsSent;

    /// <summary>The learner's answer to the hello; a <see cref="JoinRefusedException"/> when it refused.</summary>
    public TaskCompletionSource<NodeGrant> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes, with why, when the learner leaves the cluster (its run ended, or it was lost).</summary>
    public TaskCompletionSource<string> LearnerLost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Transitions handed to the network so far (this join).</summary>
    public long TransitionsSent => Interlocked.Read(ref _transitionsSent);

    internal void AddSent(int transitions) => Interlocked.Add(ref _transitionsSent, transitions);
}

/// <summary>A node's refusal by the learner: the node stops with this message.</summary>
public sealed class JoinRefusedException(string message) : Exception(message);

/// <summary>
/// An actor node's one link to the learner, for one join. Says hello to the learner's gateway (again every
/// <see cref="HelloInterval"/> until answered) and completes <see cref="NodeLinkSignals.Granted"/> with the answer. Then it
/// is the environment actors' replay and coordinator: their batches go to the gateway tagged with the run's
/// id (the acknowledgement comes back to the actor itself, across the network), their statistics go as
/// <see cref="NodeStats"/>. It sends heartbeats, assembles weight chunks into snapshots for the actors,
/// and completes <see cref="NodeLinkSignals.LearnerLost"/> when the learner leaves the cluster.
/// </summary>
public sealed class NodeLink : UntypedActor, IWithTimers
{
    /// <summary>Time between hellos while the learner has not answered.</summary>
    public static readonly TimeSpan HelloInterval = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _nodeId;
    private readonly Hello _hello;
    private readonly ActorSelection _gatewaySelection;
    private readonly TimeSpan _firstHeartbeatInterval;
    private readonly WeightsAssembler _assembler = new(FlockWireSerializer.Limits);
    private readonly Action<WeightSnapshot>? _onDelivered;
    private IActorRef _gateway = ActorRefs.Nobody;
    private Guid _runId;
    private IReadOnlyList<int> _actorIds = [];
    private IReadOnlyList<IActorRef> _actors = [];
    private IReadOnlyList<EnvironmentActorCounters> _counters = [];
    private readonly NodeLinkSignals _signals;
    private WeightSnapshot? _waiting;

    public NodeLink(string nodeId, Hello hello, Address learner, TimeSpan heartbeatInterval, NodeLinkSignals signals, Action<WeightSnapshot>? onDelivered)
    {
        _signals = signals;
        _nodeId = nodeId;
        _hello = hello;
        _firstHeartbeatInterval = heartbeatInterval;
        _onDelivered = onDelivered;
        _gatewaySelection = Context.ActorSelection(new RootActorPath(learner) / "user" / "run" / ClusterLearner.GatewayName);
    }

    /// <summary>Set by Akka.NET: the hello and heartbeat timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));
        SayHello();
        Timers.StartPeriodicTimer("hello", SayHelloTick.Instance, HelloInterval);
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        _signals.Granted.TrySetCanceled();
        _signals.LearnerLost.TrySetResult("the node stopped");
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SayHelloTick:
                SayHello();
                break;
            case RunMessage { Body: JoinGrant grant } run when _runId == Guid.Empty:
                _runId = run.RunId;
                _gateway = Sender;
                _actorIds = grant.ActorIds;
                Timers.Cancel("hello");
                Timers.StartPeriodicTimer("heartbeat", HeartbeatTick.Instance, _firstHeartbeatInterval);
                _signals.Granted.TrySetResult(new NodeGrant(run.RunId, grant.ConfigJson, grant.ActorIds));
                break;
            case RunMessage { Body: JoinRefused refused } when _runId == Guid.Empty:
                _signals.Granted.TrySetException(new JoinRefusedException($"the learner refused this node: {refused.Reason}"));
                break;
            case RunMessage { Body: WeightsChunk chunk } run when run.RunId == _runId && _runId != Guid.Empty:
                OnChunk(chunk);
                break;
            case RunMessage:
                // A second grant after a repeated hello, or something of another run: nothing to do.
                break;
            case InsertBatch insert when _runId != Guid.Empty:
                _signals.AddSent(insert.Batch.Count);
                _gateway.Tell(new RunMessage(_runId, insert.Batch), insert.AckTo ?? ActorRefs.NoSender);
                break;
            case ActorStatsReported stats when _runId != Guid.Empty:
                _gateway.Tell(new RunMessage(_runId, new NodeStats(_nodeId, stats.NonZeroRewards, stats.Stats)));
                break;
            case HeartbeatTick:
                _gateway.Tell(new RunMessage(_runId, new Heartbeat(_nodeId, WireProtocol.Version, _actorIds.Count, _signals.TransitionsSent, WeightsVersion(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), [.. _actorIds])));
                break;
            case NodeActorsReady ready:
                _actors = ready.Actors;
                _counters = ready.Counters;
                Timers.StartPeriodicTimer("heartbeat", HeartbeatTick.Instance, ready.HeartbeatInterval);
                if (_waiting is { } snapshot)
                {
                    Deliver(snapshot);
                }

                break;
            case ClusterEvent.UnreachableMember { Member: var member } when member.HasRole(ClusterRoles.Learner):
                _log.Warning($"the learner at {member.Address} is unreachable; this node waits for it (if it stays away, the cluster's split-brain resolver takes this node out and it joins again)");
                break;
            case ClusterEvent.ReachableMember { Member: var member } when member.HasRole(ClusterRoles.Learner):
                _log.Info($"the learner at {member.Address} is reachable again");
                break;
            case ClusterEvent.MemberRemoved { Member: var member } when member.HasRole(ClusterRoles.Learner):
                _signals.LearnerLost.TrySetResult($"the learner at {member.Address} left the cluster");
                break;
            case ClusterEvent.IClusterDomainEvent:
            case InsertBatch:
            case ActorStatsReported:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private long WeightsVersion() => _counters.Count == 0 ? 0 : _counters.Min(c => Volatile.Read(ref c.WeightsVersion));

    private void SayHello() => _gatewaySelection.Tell(new RunMessage(Guid.Empty, _hello), Self);

    private void OnChunk(WeightsChunk chunk)
    {
        WeightSnapshot? snapshot;
        try
        {
            snapshot = _assembler.Add(chunk);
        }
        catch (WireFormatException e)
        {
            MessageLoss.Dropped(MessageLoss.Sites.WeightsAssembler, MessageLoss.Reasons.Undecodable);
            _log.Warning($"weights version {chunk.Version} from the learner did not decode and is skipped: {e.Message}");
            return;
        }

        if (snapshot is null)
        {
            return;
        }

        if (_actors.Count == 0)
        {
            _waiting = snapshot;
            return;
        }

        Deliver(snapshot);
    }

    private void Deliver(WeightSnapshot snapshot)
    {
        _waiting = null;
        var arrived = new WeightsArrived(snapshot);
        foreach (var actor in _actors)
        {
            actor.Tell(arrived);
        }

        _onDelivered?.Invoke(snapshot);
    }

    private sealed record SayHelloTick : ILocalMessage
    {
        public static SayHelloTick Instance { get; } = new();
    }

    private sealed record HeartbeatTick : ILocalMessage
    {
        public static HeartbeatTick Instance { get; } = new();
    }
}
