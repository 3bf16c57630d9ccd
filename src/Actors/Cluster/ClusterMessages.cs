using Akka.Actor;
using Flock.Actors.Hosting;
using Flock.Shared.Messages;

namespace Flock.Actors.Cluster;

/// <summary>What the learner's membership actor handles.</summary>
public interface IMembershipMessage : ILocalMessage;

/// <summary>A node asks to join; the answer goes to its link actor <paramref name="ReplyTo"/>.</summary>
public sealed record NodeHelloReceived(Hello Hello, IActorRef ReplyTo) : IMembershipMessage;

/// <summary>A node's heartbeat (it names the node's actor ids and the batches it lost).</summary>
public sealed record NodeHeartbeatReceived(Heartbeat Heartbeat) : IMembershipMessage;

/// <summary>Statistics of one actor of a node.</summary>
public sealed record NodeStatsReceived(string NodeId, ActorStats Stats, long NonZeroRewards) : IMembershipMessage;

/// <summary>The cluster's failure detector or the split-brain resolver took the node at <paramref name="Address"/> out: its actors leave the run now.</summary>
/// <param name="Address">The node's Akka address.</param>
/// <param name="Why">What happened, for the log ("unreachable", "removed").</param>
public sealed record NodeLost(Address Address, string Why) : IMembershipMessage;

/// <summary>Timer tick: drop nodes that fell silent.</summary>
public sealed record SweepMembership : IMembershipMessage
{
    public static SweepMembership Instance { get; } = new();
}

/// <summary>Timer tick: send the cluster figures to the coordinator.</summary>
public sealed record ReportMembership : IMembershipMessage
{
    public static ReportMembership Instance { get; } = new();
}

/// <summary>The membership's answer to a hello, for the gateway to send: the node's actor ids, or why it was refused.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="ReplyTo">The node's link actor.</param>
/// <param name="ActorIds">Global ids of the node's actors (empty when refused).</param>
/// <param name="Refusal">Why the node may not join; null when accepted.</param>
public sealed record JoinAnswer(string NodeId, IActorRef ReplyTo, IReadOnlyList<int> ActorIds, string? Refusal) : ILocalMessage;

/// <summary>A node left the membership (silent, unreachable or removed): the gateway stops sending it weights.</summary>
public sealed record NodeLeft(string NodeId) : ILocalMessage;

/// <summary>What the gateway has refused so far, for the membership's cluster figures.</summary>
public sealed class GatewayCounts
{
    private long _refused;

    /// <summary>Messages dropped at the gateway (another run, a misfit) plus those that never decoded.</summary>
    public long Refused => Interlocked.Read(ref _refused) + FlockWireSerializer.Undecodable;

    internal void AddRefused() => Interlocked.Increment(ref _refused);
}
