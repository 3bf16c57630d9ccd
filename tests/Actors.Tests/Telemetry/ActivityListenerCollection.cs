namespace Flock.Actors.Tests.Telemetry;

/// <summary>Tests that add a process-wide activity listener to the Flock source run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ActivityListenerCollection
{
    public const string Name = "Flock activity listener";
}
