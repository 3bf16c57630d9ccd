using Flock.Shared.Messages;

namespace Flock.Actors.Cluster;

/// <summary>What the learner's membership actor handles.</summary>
public interface IMembershipMessage;

/// <summary>A node asks to join; the reply goes to its inbox <paramref name="ReplyTo"/>, the newest weights to <paramref name="WeightsQueue"/>.</summary>
public sealed record NodeHelloReceived(Hello Hello, string? ReplyTo, string? WeightsQueue) : IMembershipMessage;

/// <summary>A node's heartbeat, with the actor ids and publish retries it reports beside it.</summary>
public sealed record NodeHeartbeatReceived(Heartbeat Heartbeat, IReadOnlyList<int>? ActorIds, long PublishRetries) : IMembershipMessage;

/// <summary>Statistics of one actor of a node.</summary>
public sealed record NodeStatsReceived(string NodeId, ActorStats Stats, long NonZeroRewards) : IMembershipMessage;

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

/// <summary>The learner's answer to a hello: the node's actor ids, or why it was refused.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="ReplyTo">The node's inbox queue.</param>
/// <param name="WeightsQueue">The node's weights queue, for the newest snapshot; null if unknown.</param>
/// <param name="ActorIds">Global ids of the node's actors (empty when refused).</param>
/// <param name="Refusal">Why the node may not join; null when accepted.</param>
public sealed record JoinAnswer(string NodeId, string ReplyTo, string? WeightsQueue, IReadOnlyList<int> ActorIds, string? Refusal);
