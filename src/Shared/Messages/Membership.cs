namespace Flock.Shared.Messages;

/// <summary>First message of a node that joins a run: who it is and what it speaks.</summary>
/// <param name="NodeId">Unique node name (host name plus process id by default).</param>
/// <param name="ProtocolVersion">Wire protocol version the node was built with.</param>
/// <param name="Actors">Number of environment actors the node runs.</param>
/// <param name="EnvsPerActor">Environments stepped by each actor.</param>
public sealed record Hello(string NodeId, int ProtocolVersion, int Actors, int EnvsPerActor);

/// <summary>Periodic sign of life of a node, with what it has done so far.</summary>
/// <param name="NodeId">Node that sends it.</param>
/// <param name="ProtocolVersion">Wire protocol version of the node.</param>
/// <param name="Actors">Environment actors alive on the node.</param>
/// <param name="TransitionsSent">Transitions the node has published since it started.</param>
/// <param name="WeightsVersion">Weights version the node's actors act with.</param>
/// <param name="UnixTimeMilliseconds">Sender's clock when sent.</param>
/// <param name="ActorIds">Global ids of the node's actors; null travels as none, and a decoded heartbeat always has an array.</param>
/// <param name="TransitionsLost">Transitions the node dropped (send failures, full queues) since it started.</param>
public sealed record Heartbeat(
    string NodeId,
    int ProtocolVersion,
    int Actors,
    long TransitionsSent,
    long WeightsVersion,
    long UnixTimeMilliseconds,
    int[]? ActorIds = null,
    long TransitionsLost = 0);

/// <summary>Counters of one environment actor, sent periodically to the coordinator.</summary>
/// <param name="ActorId">Global id of the environment actor.</param>
/// <param name="EnvSteps">Environment steps taken since the actor started.</param>
/// <param name="Episodes">Episodes finished.</param>
/// <param name="MeanEpisodeReturn">Mean undiscounted return of the episodes finished since the last stats (NaN if none).</param>
/// <param name="Epsilon">Exploration rate the actor uses now.</param>
/// <param name="WeightsVersion">Version of the weights the actor acts with.</param>
/// <param name="EnvErrors">Environment failures (exceptions, NaN/Inf outputs) since start.</param>
public sealed record ActorStats(int ActorId, long EnvSteps, long Episodes, double MeanEpisodeReturn, double Epsilon, long WeightsVersion, long EnvErrors);

/// <summary>The learner's answer to a <see cref="Hello"/> it accepts.</summary>
/// <param name="ConfigJson">The run configuration as JSON, for the node to run with.</param>
/// <param name="ActorIds">Global ids of the node's actors, one per actor it asked for.</param>
public sealed record JoinGrant(string ConfigJson, int[] ActorIds);

/// <summary>The learner's answer to a <see cref="Hello"/> it refuses.</summary>
/// <param name="Reason">Why, for the node's log and exit message.</param>
public sealed record JoinRefused(string Reason);

/// <summary>One actor's statistics as an actor node sends them to the learner.</summary>
/// <param name="NodeId">Node the actor runs on.</param>
/// <param name="NonZeroRewards">Non-zero rewards the actor has seen since it started (a sign the environment pays out at all).</param>
/// <param name="Stats">The actor's counters.</param>
public sealed record NodeStats(string NodeId, long NonZeroRewards, ActorStats Stats);
