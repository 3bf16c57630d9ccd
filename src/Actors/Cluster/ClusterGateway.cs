using System.Buffers;
using Akka.Actor;
using Akka.Event;
using Flock.Actors.Hosting;
using Flock.Actors.Roles;
using Flock.Learner.Replay;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Cluster;

/// <summary>What the gateway holds a node's batches to: the run's shapes and action count.</summary>
/// <param name="RunId">The run's id: messages carrying another are dropped.</param>
/// <param name="ConfigJson">The run configuration a joining node gets (as config.json holds it).</param>
/// <param name="ObsDim">Floats in one observation.</param>
/// <param name="Actions">Number of discrete actions: every action must be below it.</param>
/// <param name="ObservationEncoding">How the run's observations travel (UInt8: 0/1 boards, the replay takes nothing else).</param>
public sealed record GatewaySettings(Guid RunId, string ConfigJson, int ObsDim, int Actions, ObservationEncoding ObservationEncoding);

/// <summary>Tells the gateway its membership actor.</summary>
public sealed record UseMembership(IActorRef Membership) : ILocalMessage;

/// <summary>
/// The learner node's edge, the one actor other nodes talk to (at <see cref="ClusterRoles.GatewayPath"/>).
/// Hellos go to the membership and its answers go back as <see cref="JoinGrant"/> or
/// <see cref="JoinRefused"/>. Transition batches are checked against the run (run id, observation size,
/// action range, 0/1 boards, finite priorities) <b>before</b> they reach the replay, which then
/// acknowledges them to the sending environment actor across the network (flow control as in a local run);
/// a misfit is dropped, counted, logged once per sender, and acknowledged so its actor's window stays
/// open. Anything from another run is dropped unacknowledged (that node stalls instead of flooding).
/// Heartbeats and statistics go to the membership. As a weight subscriber, it cuts each broadcast into
/// chunks (<see cref="WeightsChunking"/>) and sends them to every live node's link; a node that joins
/// gets the newest snapshot at once.
/// </summary>
public sealed class ClusterGateway(GatewaySettings settings, IActorRef replay, GatewayCounts counts) : UntypedActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _links = new(StringComparer.Ordinal);

    // Every node ever granted, by name: a node that comes back from unreachable is admitted again on its heartbeat.
    private readonly Dictionary<string, IActorRef> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loggedSenders = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private WeightsChunk[] _latest = [];

    // Set once by UseMembership right after both are spawned (each needs the other's ref). A hello that comes
    // in before is dropped: nodes repeat their hello until answered.
    private IActorRef _membership = ActorRefs.Nobody;

    /// <summary>Role tag of the gateway.</summary>
    public const string Role = "gateway";

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RunMessage { Body: Hello hello } when hello.NodeId.Length > 0:
                _membership.Tell(new NodeHelloReceived(hello, Sender));
                break;
            case RunMessage run when run.RunId != settings.RunId:
                Refuse(run, MessageLoss.Reasons.ForeignRun, $"it belongs to run {run.RunId}, this learner's run is {settings.RunId} (a node left from an earlier learner?)");
                break;
            case RunMessage { Body: TransitionBatch batch } run:
                OnBatch(run, batch);
                break;
            case RunMessage { Body: Heartbeat beat }:
                if (!_links.ContainsKey(beat.NodeId) && _known.TryGetValue(beat.NodeId, out var link))
                {
                    // Back after being unreachable for a while: it gets weights again, the newest first.
                    Admit(beat.NodeId, link);
                }

                _membership.Tell(new NodeHeartbeatReceived(beat));
                break;
            case RunMessage { Body: NodeStats stats }:
                _membership.Tell(new NodeStatsReceived(stats.NodeId, stats.Stats, stats.NonZeroRewards));
                break;
            case RunMessage run:
                Refuse(run, MessageLoss.Reasons.Misfit, $"a {run.Body.GetType().Name} is not something an actor node sends");
                break;
            case JoinAnswer { Refusal: { } refusal } answer:
                answer.ReplyTo.Tell(new RunMessage(settings.RunId, new JoinRefused(refusal)));
                break;
            case JoinAnswer answer:
                answer.ReplyTo.Tell(new RunMessage(settings.RunId, new JoinGrant(settings.ConfigJson, [.. answer.ActorIds])));
                _known[answer.NodeId] = answer.ReplyTo;
                Admit(answer.NodeId, answer.ReplyTo);
                break;
            case UseMembership use:
                _membership = use.Membership;
                break;
            case NodeLeft left:
                _links.Remove(left.NodeId);
                break;
            case WeightsArrived weights:
                _latest = WeightsChunking.Split(weights.Snapshot, _scratch);
                foreach (var node in _links.Values)
                {
                    Send(node, _latest);
                }

                break;
            case Terminated terminated:
                foreach (var (node, _) in _known.Where(p => p.Value.Equals(terminated.ActorRef)).ToList())
                {
                    _known.Remove(node);
                    _links.Remove(node);
                }

                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Admit(string nodeId, IActorRef link)
    {
        _links[nodeId] = link;
        Context.Watch(link);
        Send(link, _latest);
    }

    private void Send(IActorRef node, WeightsChunk[] chunks)
    {
        foreach (var chunk in chunks)
        {
            node.Tell(new RunMessage(settings.RunId, chunk));
        }
    }

    private void OnBatch(RunMessage run, TransitionBatch batch)
    {
        if ((PrioritizedReplay.Misfit(batch, settings.ObsDim, settings.ObservationEncoding) ?? ActionMisfit(batch)) is { } problem)
        {
            Refuse(run, MessageLoss.Reasons.Misfit, problem);

            // Acknowledged all the same: the batch was handled (dropped), and its actor's window must not shrink.
            Sender.Tell(InsertAcknowledged.Instance);
            return;
        }

        replay.Tell(new InsertBatch(batch, Sender));
    }

    private string? ActionMisfit(TransitionBatch batch)
    {
        var actions = batch.Actions.AsSpan(0, batch.Count);
        var bad = actions.IndexOfAnyExceptInRange(0, settings.Actions - 1);
        return bad < 0 ? null : $"Batch from actor {batch.SourceActor} has action {actions[bad]} in row {bad}; this run's environment has actions 0..{settings.Actions - 1}.";
    }

    private void Refuse(RunMessage run, string reason, string why)
    {
        counts.AddRefused();
        MessageLoss.Dropped(MessageLoss.Sites.Gateway, reason);
        var sender = Sender.Path.Address.ToString();
        if (_loggedSenders.Add(sender))
        {
            _log.Warning($"dropped a {run.Body.GetType().Name} from {sender}: {why} (further ones from there are only counted)");
        }
    }
}
