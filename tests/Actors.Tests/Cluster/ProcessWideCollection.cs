namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// Tests that read process-wide counters (<see cref="Flock.Actors.Cluster.FlockWireSerializer.Undecodable"/>, which
/// <see cref="Flock.Actors.Cluster.GatewayCounts.Refused"/> includes) or set a process-wide environment variable
/// (<see cref="Flock.Actors.Cluster.ClusterTls.PasswordVariable"/>), or that measure the process's CPU time: they run
/// alone, so no other test bumps or sees them meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "process-wide counters and environment";
}
