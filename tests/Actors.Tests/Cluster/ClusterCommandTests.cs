using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// Usage errors of the cluster commands through the real flockrl: each fails (exit 2) before any actor system
/// binds a port or looks for a learner, and says what to give instead.
/// </summary>
public sealed class ClusterCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private static readonly Dictionary<string, string> NoJoinVariable = new() { ["FLOCK_JOIN"] = "" };

    [Fact]
    public async Task Actors_without_a_learner_address_say_how_to_give_one()
    {
        var result = await FlockProcess.RunAsync(Limit, NoJoinVariable, "actors", "--max-seconds", "1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--join: required (or set FLOCK_JOIN)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_join_address_with_a_port_that_is_not_a_number_is_refused()
    {
        var result = await FlockProcess.RunAsync(Limit, NoJoinVariable, "actors", "--join", "nonsense:abc");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--join nonsense:abc: the port must be a number", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_learner_address_may_come_from_flock_join_and_is_checked_under_that_name()
    {
        var environment = new Dictionary<string, string> { ["FLOCK_JOIN"] = "learner:70000" };
        var result = await FlockProcess.RunAsync(Limit, environment, "actors");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("FLOCK_JOIN learner:70000:", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learner_beyond_loopback_needs_tls_or_insecure()
    {
        var result = await FlockProcess.RunAsync(Limit, "learner", "--listen", "0.0.0.0:4999");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--tls-cert", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--insecure", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learner_on_every_interface_needs_a_public_host()
    {
        var result = await FlockProcess.RunAsync(Limit, "learner", "--listen", "0.0.0.0:4999", "--insecure");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--public-host", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_certificate_file_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"flock-missing-{Guid.NewGuid():N}.pfx");
        var result = await FlockProcess.RunAsync(Limit, "learner", "--tls-cert", missing);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--tls-cert {missing}: no such file", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_actor_node_on_loopback_cannot_join_a_learner_on_another_machine()
    {
        var result = await FlockProcess.RunAsync(Limit, NoJoinVariable, "actors", "--join", "10.1.2.3:4053");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--join 10.1.2.3:4053: the learner is on another machine", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--listen", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--public-host", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_needs_a_run_directory_with_a_checkpoint()
    {
        var empty = Directory.CreateTempSubdirectory("flock-resume-").FullName;
        try
        {
            var result = await FlockProcess.RunAsync(Limit, "learner", "--resume", empty);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("no checkpoint-last.bin", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_environment_assembly_is_named_before_joining()
    {
        var result = await FlockProcess.RunAsync(Limit, NoJoinVariable, "actors", "--env-assembly", "nope.dll", "--join", "127.0.0.1:1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--env-assembly nope.dll: no such file", result.StdErr, StringComparison.Ordinal);
    }
}
