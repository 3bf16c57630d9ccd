using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Flock.Actors.Roles;
using Flock.Actors.Telemetry;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Cluster;

/// <summary>
/// The learner node's view of its actor nodes: answers hellos with actor ids (see <see cref="ActorSlots"/>
/// for the ε spread), keeps nodes alive on heartbeats, retires the actors of a node silent for longer
/// than the node timeout, forwards the statistics of live actors to the coordinator, and reports nodes,
/// actors and per-node rates to it each interval.
/// </summary>
public sealed class MembershipActor(
    ClusterMembership membership,
    IActorRef gateway,
    IActorRef coordinator,
    GatewayCounts gatewayCounts,
    int defaultActors,
    TimeSpan sweepInterval,
    TimeSpan reportInterval,
    Func<TimeSpan> now) : UntypedActor, IWithTimers
{
    /// <summary>Role tag of the membership actor.</summary>
    public const string Role = "membership";

    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Latest statistics of each (node, actor), and what the coordinator already moved to its totals when
    // the node was last declared gone. A node that comes back in the same process keeps counting from
    // where it was, so only what it did since is new; a node that says hello again starts from zero.
    private readonly Dictionary<(string Node, int Actor), NodeStatsReceived> _last = [];
    private readonly Dictionary<(string Node, int Actor), NodeStatsReceived> _counted = [];

    // Each member's Akka address, to match the cluster's reachability events to a node.
    private readonly Dictionary<string, Address> _addresses = new(StringComparer.Ordinal);

    /// <summary>Set by Akka.NET: the sweep and report timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("sweep", SweepMembership.Instance, sweepInterval);
        Timers.StartPeriodicTimer("report", ReportMembership.Instance, reportInterval);
    }

    protected override void PostStop() => Report();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case NodeHelloReceived hello:
                OnHello(hello);
                break;
            case NodeHeartbeatReceived { Heartbeat: var beat }:
                var wasLive = membership.IsLive(beat.NodeId);
                if (membership.Heartbeat(beat.NodeId, beat.ActorIds, beat.TransitionsSent, beat.WeightsVersion, beat.TransitionsLost, now()) && !wasLive)
                {
                    _log.Info($"node {beat.NodeId} is back with actors {ActorSlots.Format(beat.ActorIds ?? [])} (it was unreachable or went quiet)");
                }

                break;
            case NodeLost lost:
                // Every name ever seen at the address, not the first: a process that restarted under a new name
                // (the default name has the process id) on the same port is the live one there.
                foreach (var lostNode in _addresses.Where(p => p.Value.Equals(lost.Address)).Select(p => p.Key).ToList())
                {
                    if (membership.Remove(lostNode) is { } removed)
                    {
                        _log.Info($"node {lostNode} {lost.Why}: its actors {ActorSlots.Format(removed.ActorIds)} left the run");
                        Retire(removed);
                    }
                }

                break;
            case NodeStatsReceived stats when membership.OwnsActor(stats.NodeId, stats.Stats.ActorId):
                var key = (stats.NodeId, stats.Stats.ActorId);
                _last[key] = stats;
                coordinator.Tell(_counted.TryGetValue(key, out var counted) ? Since(stats, counted) : new ActorStatsReported(stats.Stats, stats.NonZeroRewards));
                break;
            case SweepMembership:
                foreach (var gone in membership.Sweep(now()))
                {
                    _log.Info(string.Create(CultureInfo.InvariantCulture,
                        $"node {gone.NodeId} gone: no heartbeat for {(now() - gone.LastHeard).TotalSeconds:0.0} s; its actors {ActorSlots.Format(gone.ActorIds)} left the run"));
                    Retire(gone);
                }

                break;
            case ReportMembership:
                Report();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnHello(NodeHelloReceived hello)
    {
        var nodeId = hello.Hello.NodeId;
        var replyTo = hello.ReplyTo;

        if (hello.Hello.ProtocolVersion != WireProtocol.Version)
        {
            var refusal = $"this learner speaks wire protocol {WireProtocol.Version} but node {nodeId} speaks {hello.Hello.ProtocolVersion}: run the same Flock version on every node";
            _log.Error($"refused node {nodeId}: {refusal}");
            gateway.Tell(new JoinAnswer(nodeId, replyTo, [], refusal));
            return;
        }

        try
        {
            // A node that names no actor count runs as many as the learner's --actors.
            var count = hello.Hello.Actors > 0 ? hello.Hello.Actors : defaultActors;
            var (ids, joined) = membership.Join(nodeId, count, now());
            if (!joined && _last.Keys.Any(k => k.Node == nodeId))
            {
                // A hello from a member that already sent statistics is a restarted process under the same
                // name: keep what the old process did in the totals, count the new one from zero.
                _log.Info($"node {nodeId} restarted; it keeps actor ids {ActorSlots.Format(ids)}");
                coordinator.Tell(new ActorsRetired(ids));
                Forget(nodeId);
            }

            if (joined)
            {
                Forget(nodeId);
                _log.Info($"node {nodeId} joined with {ids.Count} actors (actor ids {ActorSlots.Format(ids)})");
            }

            _addresses[nodeId] = replyTo.Path.Address;
            gateway.Tell(new JoinAnswer(nodeId, replyTo, ids, null));
        }
        catch (InvalidOperationException e)
        {
            _log.Error($"refused node {nodeId}: {e.Message}");
            gateway.Tell(new JoinAnswer(nodeId, replyTo, [], e.Message));
        }
    }

    /// <summary>A node's actors leave the run: the coordinator keeps their totals, the gateway stops sending the node weights.</summary>
    private void Retire(NodeView gone)
    {
        coordinator.Tell(new ActorsRetired(gone.ActorIds));
        gateway.Tell(new NodeLeft(gone.NodeId));
        foreach (var id in gone.ActorIds)
        {
            if (_last.TryGetValue((gone.NodeId, id), out var last))
            {
                _counted[(gone.NodeId, id)] = last;
            }
        }
    }

    /// <summary>The counters of an actor since <paramref name="counted"/>.</summary>
    private static ActorStatsReported Since(NodeStatsReceived stats, NodeStatsReceived counted) => new(
        stats.Stats with
        {
            EnvSteps = Math.Max(0, stats.Stats.EnvSteps - counted.Stats.EnvSteps),
            Episodes = Math.Max(0, stats.Stats.Episodes - counted.Stats.Episodes),
            EnvErrors = Math.Max(0, stats.Stats.EnvErrors - counted.Stats.EnvErrors),
        },
        Math.Max(0, stats.NonZeroRewards - counted.NonZeroRewards));

    /// <summary>A node that says hello is a new process: its counters start from zero.</summary>
    private void Forget(string nodeId)
    {
        foreach (var key in _last.Keys.Where(k => k.Node == nodeId).ToList())
        {
            _last.Remove(key);
            _counted.Remove(key);
        }
    }

    private void Report()
    {
        var rates = membership.Nodes.ToDictionary(n => n.NodeId, n => n.TransitionsPerSecond, StringComparer.Ordinal);
        FlockInstruments.LiveActorNodes.Record(membership.Nodes.Count);
        coordinator.Tell(new ClusterStatsReported(membership.Nodes.Count, membership.ActorCount, rates, gatewayCounts.Refused, membership.TransitionsLost));
    }
}
