namespace Flock.Actors.Cluster;

/// <summary>One live actor node as the learner sees it.</summary>
/// <param name="NodeId">The node's name.</param>
/// <param name="ActorIds">Global ids of its environment actors.</param>
/// <param name="LastHeard">Learner clock when it was last heard from.</param>
/// <param name="TransitionsSent">Transitions the node reported as sent (cumulative).</param>
/// <param name="TransitionsPerSecond">Rate between its last two heartbeats.</param>
/// <param name="WeightsVersion">Weights version its actors act with.</param>
/// <param name="TransitionsLost">Transitions it gave up on (sent but never acknowledged when it lost the learner; cumulative).</param>
public sealed record NodeView(string NodeId, IReadOnlyList<int> ActorIds, TimeSpan LastHeard, long TransitionsSent, double TransitionsPerSecond, long WeightsVersion, long TransitionsLost);

/// <summary>
/// The learner's list of live actor nodes: joined by a hello (which allocates actor ids) or by a
/// heartbeat naming ids it already has (a node that outlived a learner restart), kept alive by
/// heartbeats, and dropped after <c>timeout</c> of silence. Pure bookkeeping on a clock the caller passes
/// in, so it is tested without waiting.
/// </summary>
public sealed class ClusterMembership(TimeSpan timeout)
{
    private readonly Dictionary<string, NodeView> _nodes = new(StringComparer.Ordinal);
    private readonly ActorSlots _slots = new();
    private long _retiredLost;

    public IReadOnlyCollection<NodeView> Nodes => _nodes.Values;

    public int ActorCount => _nodes.Values.Sum(n => n.ActorIds.Count);

    /// <summary>Transitions lost by every node so far, gone ones included.</summary>
    public long TransitionsLost => _retiredLost + _nodes.Values.Sum(n => n.TransitionsLost);

    public bool IsLive(string nodeId) => _nodes.ContainsKey(nodeId);

    /// <summary>
    /// A node asks to join with <paramref name="actors"/> actors: returns its actor ids (the same ones again
    /// if it is already a member, e.g. it repeated a hello whose reply was lost) and whether it is new.
    /// </summary>
    public (IReadOnlyList<int> ActorIds, bool Joined) Join(string nodeId, int actors, TimeSpan now)
    {
        if (_nodes.TryGetValue(nodeId, out var known))
        {
            _nodes[nodeId] = known with { LastHeard = now };
            return (known.ActorIds, false);
        }

        var ids = _slots.Allocate(actors);
        _nodes[nodeId] = new NodeView(nodeId, ids, now, 0, 0, -1, 0);
        return (ids, true);
    }

    /// <summary>
    /// A heartbeat. From an unknown node that names its actor ids (it joined an earlier learner), the node
    /// joins with those ids; from an unknown node without ids it is ignored (returns false) until it says hello.
    /// </summary>
    public bool Heartbeat(string nodeId, IReadOnlyList<int>? actorIds, long transitionsSent, long weightsVersion, long transitionsLost, TimeSpan now)
    {
        if (!_nodes.TryGetValue(nodeId, out var known))
        {
            if (actorIds is null or { Count: 0 })
            {
                return false;
            }

            // Ids given to another node meanwhile cannot be shared: the node is not admitted on them and must say hello again.
            if (!_slots.Claim(actorIds))
            {
                return false;
            }

            _nodes[nodeId] = new NodeView(nodeId, actorIds, now, transitionsSent, 0, weightsVersion, transitionsLost);
            return true;
        }

        var seconds = (now - known.LastHeard).TotalSeconds;
        var rate = seconds > 0 && transitionsSent >= known.TransitionsSent ? (transitionsSent - known.TransitionsSent) / seconds : known.TransitionsPerSecond;
        _nodes[nodeId] = known with
        {
            LastHeard = now,
            TransitionsSent = transitionsSent,
            TransitionsPerSecond = rate,
            WeightsVersion = weightsVersion,
            TransitionsLost = transitionsLost,
        };
        return true;
    }

    /// <summary>Removes a node the cluster lost (unreachable, removed) and frees its actor ids; null when it was not live.</summary>
    public NodeView? Remove(string nodeId)
    {
        if (!_nodes.Remove(nodeId, out var node))
        {
            return null;
        }

        _slots.Release(node.ActorIds);
        _retiredLost += node.TransitionsLost;
        return node;
    }

    /// <summary>Removes every node silent for longer than the timeout, frees its actor ids, and returns the removed nodes.</summary>
    public IReadOnlyList<NodeView> Sweep(TimeSpan now)
    {
        var gone = _nodes.Values.Where(n => now - n.LastHeard > timeout).ToList();
        foreach (var node in gone)
        {
            _nodes.Remove(node.NodeId);
            _slots.Release(node.ActorIds);
            _retiredLost += node.TransitionsLost;
        }

        return gone;
    }

    /// <summary>Whether <paramref name="actorId"/> belongs to a live node.</summary>
    public bool OwnsActor(string nodeId, int actorId) => _nodes.TryGetValue(nodeId, out var node) && node.ActorIds.Contains(actorId);
}
