using Akka.Configuration;
using Flock.Actors.Cluster;
using Flock.Actors.Hosting;

namespace Flock.Actors.Tests.Support;

/// <summary>
/// Akka.NET's xunit 2 TestKit (TestProbe, ExpectMsg, EventFilter, the test scheduler) with Flock's runtime
/// configuration (dispatchers, logger) under the test's own: a fresh actor system per test class instance, shut
/// down when xunit disposes the test. Every message goes through the serializer a cluster would use
/// (<c>serialize-messages = on</c> with the cluster's bindings): a message that would cross between nodes and
/// could not is a failed test, and a local-only one must say so (<c>INoSerializationVerificationNeeded</c>).
/// </summary>
public abstract class FlockTestKit(string? config = null) : Akka.TestKit.Xunit2.TestKit(ConfigurationFor(config))
{
    private static Config ConfigurationFor(string? config) =>
        (config is null ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(config))
        .WithFallback(ConfigurationFactory.ParseString("akka.actor.serialize-messages = on"))
        .WithFallback(ConfigurationFactory.ParseString(ClusterNodeSettings.Serialization))
        .WithFallback(FlockActorSystem.Runtime);
}
