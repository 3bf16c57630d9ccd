using Flock.Actors.Cli;
using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Cli;

public sealed class ResourceCheckTests
{
    private static readonly EnvRegistration CartPole = EnvRegistry.CreateWithBuiltIns().Get("CartPole-v1");

    [Fact]
    public void The_default_run_fits_a_small_machine()
    {
        Assert.Empty(ResourceCheck.Check(new RunConfig(), CartPole, availableBytes: 1L << 30));
    }

    [Fact]
    public void A_run_larger_than_the_machine_is_refused_with_its_estimate()
    {
        var config = new RunConfig { Hidden = [4096, 4096], ReplayCapacity = 100_000_000 };
        var error = Assert.Single(ResourceCheck.Check(config, CartPole, availableBytes: 8L << 30));
        Assert.Contains("the run would need about 8.5 GiB (networks 897.8 MiB", error.Problem, StringComparison.Ordinal);
        Assert.Contains("16,809,986 parameters", error.Problem, StringComparison.Ordinal);
        Assert.Contains("of the 8.0 GiB this machine offers", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_over_the_parameter_limit_is_refused_whatever_the_memory()
    {
        var error = Assert.Single(ResourceCheck.Check(new RunConfig { Hidden = [65536, 65536] }, CartPole, availableBytes: long.MaxValue / 2));
        Assert.Equal("hidden", error.Key);
        Assert.Contains("4,295,491,586 parameters; at most 268,435,456", error.Problem, StringComparison.Ordinal);
    }
}
