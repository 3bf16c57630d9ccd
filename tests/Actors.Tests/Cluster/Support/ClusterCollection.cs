namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// Tests that run real cluster processes run one at a time: each starts a learner and nodes that want
/// the machine's cores, and timing-sensitive membership (failure detector, downing) must not starve.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster processes";
}
