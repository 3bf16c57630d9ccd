using Flock.Actors.Cli;
using Flock.Actors.Hosting;

namespace Flock.Actors.Tests.Hosting;

public sealed class FlockActorSystemTests
{
    [Fact]
    public void Hocon_from_the_environment_goes_over_flocks_configuration_and_leaves_the_rest()
    {
        var config = FlockActorSystem.Configuration(fromEnvironment: "flock-replay-dispatcher.throughput = 7");
        Assert.Equal(7, config.GetInt($"{FlockActorSystem.ReplayDispatcher}.throughput"));
        Assert.Equal(64, config.GetInt($"{FlockActorSystem.DedicatedDispatcher}.throughput"));
        Assert.Equal("PinnedDispatcher", config.GetString($"{FlockActorSystem.ReplayDispatcher}.type"));
        Assert.False(config.GetBoolean("akka.log-config-on-start"));
    }

    [Fact]
    public void Hocon_from_the_environment_that_does_not_parse_is_a_usage_error_naming_the_variable_and_the_value()
    {
        var error = Assert.Throws<UsageException>(() => FlockActorSystem.Configuration(fromEnvironment: "flock-replay-dispatcher.throughput = ${nowhere}"));
        Assert.Contains(FlockActorSystem.ConfigVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("flock-replay-dispatcher.throughput = ${nowhere}", error.Message, StringComparison.Ordinal);
    }
}
