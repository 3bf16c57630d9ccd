using Flock.Actors.Cli;
using Flock.Actors.Cluster;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The HOST:PORT of --listen and --join, as a user types it.</summary>
public sealed class ClusterEndpointTests
{
    [Theory]
    [InlineData("10.0.0.5:4053", "10.0.0.5", 4053)]
    [InlineData("learner.example.org:1", "learner.example.org", 1)]
    [InlineData("  learner:65535 ", "learner", 65535)]
    [InlineData("learner", "learner", ClusterEndpoint.DefaultPort)]
    [InlineData("[::1]:4000", "::1", 4000)]
    [InlineData("[fe80::1]", "fe80::1", ClusterEndpoint.DefaultPort)]
    public void Host_port_forms_parse(string value, string host, int port)
    {
        Assert.Equal(new ClusterEndpoint(host, port), ClusterEndpoint.Parse("--join", value, ClusterEndpoint.DefaultPort, allowAnyPort: false));
    }

    [Theory]
    [InlineData("10.0.0.5:0", "--join")]
    [InlineData("10.0.0.5:70000", "--join")]
    [InlineData("10.0.0.5:65536", "--listen")]
    [InlineData("10.0.0.5:abc", "--join")]
    [InlineData("10.0.0.5:-1", "--listen")]
    [InlineData("10.0.0.5:+80", "--join")]
    [InlineData("[::1]:x", "--join")]
    [InlineData(":4053", "--join")]
    [InlineData("", "--join")]
    [InlineData("   ", "--listen")]
    [InlineData("[]:4053", "--join")]
    [InlineData("[::1", "--join")]
    [InlineData("[::1]junk", "--join")]
    [InlineData("::1", "--join")]
    [InlineData("fe80::1:4053", "--listen")]
    [InlineData("bob@learner:4053", "--join")]
    [InlineData("learner/x:4053", "--join")]
    [InlineData("my learner:4053", "--join")]
    public void Bad_values_are_usage_errors_that_name_the_flag_and_the_value(string value, string flag)
    {
        var error = Assert.Throws<UsageException>(() => ClusterEndpoint.Parse(flag, value, ClusterEndpoint.DefaultPort, allowAnyPort: flag == "--listen"));
        Assert.StartsWith($"{flag} {value}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_0_is_any_free_port_for_listen_only()
    {
        Assert.Equal(0, ClusterEndpoint.Parse("--listen", "127.0.0.1:0", ClusterEndpoint.DefaultPort, allowAnyPort: true).Port);
        Assert.Throws<UsageException>(() => ClusterEndpoint.Parse("--join", "127.0.0.1:0", ClusterEndpoint.DefaultPort, allowAnyPort: false));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("::1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("learner.example.org", false)]
    public void Loopback_is_only_what_this_machine_alone_reaches(string host, bool loopback)
    {
        Assert.Equal(loopback, new ClusterEndpoint(host, 1).IsLoopback);
    }

    [Theory]
    [InlineData("10.0.0.5:4053")]
    [InlineData("[::1]:4053")]
    public void Printing_gives_back_what_parses(string value)
    {
        var endpoint = ClusterEndpoint.Parse("--join", value, 1, allowAnyPort: false);
        Assert.Equal(value, endpoint.ToString());
        Assert.Equal(endpoint, ClusterEndpoint.Parse("--join", endpoint.ToString(), 1, allowAnyPort: false));
    }
}
