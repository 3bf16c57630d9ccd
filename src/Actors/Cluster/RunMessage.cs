namespace Flock.Actors.Cluster;

/// <summary>
/// Every Flock message that crosses between nodes: the body (a transition batch, a heartbeat, a weights
/// chunk, a join grant …) with the id of the run it belongs to. The learner drops anything whose run id is
/// not its own before it reaches the replay or the learner, so a node left over from an earlier run (or
/// pointed at the wrong learner) cannot feed or crash this one. A hello carries <see cref="Guid.Empty"/>:
/// the node learns the run id from the grant.
/// </summary>
/// <param name="RunId">The run the body belongs to; empty on a hello.</param>
/// <param name="Body">One of the wire messages of <see cref="Flock.Shared.Wire.WireCodec"/>.</param>
public sealed record RunMessage(Guid RunId, object Body);
