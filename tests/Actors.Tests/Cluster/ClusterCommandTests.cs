using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Cluster;

/// <summary>Usage errors of the cluster commands: no broker needed, they fail before connecting.</summary>
public sealed class ClusterCommandTests
{
    private static readonly Dictionary<string, string> NoBrokerVariable = new() { ["FLOCK_BROKER"] = "" };

    [Fact]
    public async Task Learner_without_a_broker_says_how_to_give_one()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), NoBrokerVariable, "learner", "--max-seconds", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--broker: required (or set FLOCK_BROKER)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_url_that_is_not_amqp_is_refused_without_showing_its_password()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), NoBrokerVariable, "actors", "--broker", "http://bob:hunter2@example.org/");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must be an amqp:// or amqps:// URL", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_url_may_come_from_flock_broker()
    {
        var environment = new Dictionary<string, string> { ["FLOCK_BROKER"] = "ftp://nowhere/" };
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), environment, "actors");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--broker ftp://nowhere/: must be an amqp://", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_needs_a_run_directory_with_a_checkpoint()
    {
        var empty = Directory.CreateTempSubdirectory("flock-resume-").FullName;
        try
        {
            var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "learner", "--broker", "amqp://localhost/", "--resume", empty);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("no checkpoint.bin", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
