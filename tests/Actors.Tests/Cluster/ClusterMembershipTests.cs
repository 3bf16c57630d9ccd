using Flock.Actors.Cluster;

namespace Flock.Actors.Tests.Cluster;

public sealed class ClusterMembershipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Nodes_join_with_disjoint_actor_ids()
    {
        var membership = new ClusterMembership(Timeout);
        var (a, joinedA) = membership.Join("a", 2, At(0));
        var (b, joinedB) = membership.Join("b", 3, At(0));
        Assert.True(joinedA && joinedB);
        Assert.Empty(a.Intersect(b));
        Assert.Equal(5, membership.ActorCount);
    }

    [Fact]
    public void A_repeated_hello_gets_the_same_ids_and_is_not_a_new_member()
    {
        var membership = new ClusterMembership(Timeout);
        var (first, _) = membership.Join("a", 2, At(0));
        var (again, joined) = membership.Join("a", 2, At(1));
        Assert.False(joined);
        Assert.Equal(first, again);
        Assert.Single(membership.Nodes);
    }

    [Fact]
    public void A_node_silent_past_the_timeout_is_swept_and_its_ids_are_freed()
    {
        var membership = new ClusterMembership(Timeout);
        var (a, _) = membership.Join("a", 2, At(0));
        membership.Join("b", 2, At(0));
        membership.Heartbeat("b", null, 100, 1, 0, At(4.5));
        Assert.Empty(membership.Sweep(At(4.9)));

        var gone = Assert.Single(membership.Sweep(At(5.1)));
        Assert.Equal("a", gone.NodeId);
        Assert.False(membership.IsLive("a"));
        Assert.True(membership.IsLive("b"));
        var (c, _) = membership.Join("c", 2, At(6));
        Assert.Equal(a, c);
    }

    [Fact]
    public void Heartbeats_give_the_transition_rate_between_them()
    {
        var membership = new ClusterMembership(Timeout);
        membership.Join("a", 1, At(0));
        membership.Heartbeat("a", null, 1_000, 3, 0, At(1));
        membership.Heartbeat("a", null, 3_000, 4, 0, At(2));
        var node = Assert.Single(membership.Nodes);
        Assert.Equal(2_000, node.TransitionsPerSecond, 6);
        Assert.Equal(4, node.WeightsVersion);
    }

    [Fact]
    public void A_node_that_outlived_the_learner_rejoins_by_heartbeat_with_its_own_ids()
    {
        var membership = new ClusterMembership(Timeout);
        Assert.False(membership.Heartbeat("stranger", null, 0, 0, 0, At(0)));
        Assert.True(membership.Heartbeat("old", [0, 2048], 500, 7, 0, At(0)));
        Assert.True(membership.OwnsActor("old", 2048));
        var (fresh, _) = membership.Join("new", 2, At(1));
        Assert.Equal([1024, 3072], fresh);
    }

    [Fact]
    public void Transitions_lost_by_gone_nodes_stay_counted()
    {
        var membership = new ClusterMembership(Timeout);
        membership.Join("a", 1, At(0));
        membership.Join("b", 1, At(0));
        membership.Join("c", 1, At(0));
        membership.Heartbeat("a", null, 10, 1, 7, At(1));
        membership.Heartbeat("b", null, 10, 1, 3, At(9));
        membership.Heartbeat("c", null, 10, 1, 2, At(9));
        membership.Sweep(At(10));
        Assert.NotNull(membership.Remove("c"));
        Assert.Equal(12, membership.TransitionsLost);
    }

    [Fact]
    public void A_removed_node_frees_its_ids_and_a_second_remove_is_a_no_op()
    {
        var membership = new ClusterMembership(Timeout);
        var (a, _) = membership.Join("a", 2, At(0));
        membership.Join("b", 1, At(0));

        var removed = membership.Remove("a");
        Assert.NotNull(removed);
        Assert.Equal(a, removed.ActorIds);
        Assert.False(membership.IsLive("a"));
        Assert.False(membership.OwnsActor("a", a[0]));
        Assert.Null(membership.Remove("a"));
        Assert.Null(membership.Remove("never-joined"));
        Assert.Equal(1, membership.ActorCount);

        var (c, _) = membership.Join("c", 2, At(1));
        Assert.Equal(a.Order(), c.Order());
    }

    [Fact]
    public void A_node_removed_while_its_ids_went_to_another_cannot_come_back_on_them_by_heartbeat()
    {
        var membership = new ClusterMembership(Timeout);
        var (a, _) = membership.Join("a", 1, At(0));
        membership.Remove("a");
        var (b, _) = membership.Join("b", 1, At(1));
        Assert.Equal(a, b);

        Assert.False(membership.Heartbeat("a", [.. a], 0, 0, 0, At(2)));
        Assert.False(membership.IsLive("a"));
        Assert.True(membership.OwnsActor("b", b[0]));
    }

    [Fact]
    public void A_removed_node_comes_back_by_heartbeat_on_its_free_ids()
    {
        var membership = new ClusterMembership(Timeout);
        var (a, _) = membership.Join("a", 2, At(0));
        membership.Remove("a");
        Assert.True(membership.Heartbeat("a", [.. a], 100, 3, 0, At(1)));
        Assert.True(membership.IsLive("a"));
        Assert.Equal(2, membership.ActorCount);
    }
}
