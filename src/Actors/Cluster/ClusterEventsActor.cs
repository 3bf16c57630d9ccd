using Akka.Actor;
using Akka.Cluster;

namespace Flock.Actors.Cluster;

/// <summary>
/// Turns the cluster's own membership events about actor nodes into <see cref="NodeLost"/> for the learner's
/// membership: unreachable (the failure detector gave up on it) or removed (it left, or the split-brain
/// resolver downed it). Heartbeats stay for the figures (rates, weights versions) and as a backstop.
/// </summary>
public sealed class ClusterEventsActor(IActorRef membership) : UntypedActor
{
    protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(
        Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.UnreachableMember { Member: var member } when member.HasRole(ClusterRoles.Actors):
                membership.Tell(new NodeLost(member.Address, "is unreachable (the cluster's failure detector lost it)"));
                break;
            case ClusterEvent.MemberRemoved { Member: var member } when member.HasRole(ClusterRoles.Actors):
                membership.Tell(new NodeLost(member.Address, "left the cluster"));
                break;
            case ClusterEvent.IClusterDomainEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
