namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// A test that needs the RabbitMQ broker: skipped, with the reason in the test report, when there is
/// none, unless FLOCK_REQUIRE_BROKER=1 makes a missing broker a failure instead.
/// </summary>
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (TestBroker.WhyUnavailable is { } why && !TestBroker.Required)
        {
            Skip = $"did not run: no RabbitMQ broker ({why}); start rabbitmq-server, or set {TestBroker.RequireVariable}=1 to make this a failure";
        }
    }
}

/// <summary>Cluster tests share one broker (and one restarts it): they run one at a time, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    public const string Name = "broker";
}
