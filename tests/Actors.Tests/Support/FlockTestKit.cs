using Akka.Configuration;
using Flock.Actors.Hosting;

namespace Flock.Actors.Tests.Support;

/// <summary>
/// Akka.NET's xunit 2 TestKit (TestProbe, ExpectMsg, EventFilter, the test scheduler) with Flock's runtime
/// configuration (dispatchers, logger) under the test's own: a fresh actor system per test class instance, shut
/// down when xunit disposes the test.
/// </summary>
public abstract class FlockTestKit(string? config = null) : Akka.TestKit.Xunit2.TestKit(ConfigurationFor(config))
{
    private static Config ConfigurationFor(string? config) =>
        (config is null ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(config)).WithFallback(FlockActorSystem.Runtime);
}
