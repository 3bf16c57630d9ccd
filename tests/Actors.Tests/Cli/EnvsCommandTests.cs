using System.Text.Json;

namespace Flock.Actors.Tests.Cli;

public sealed class EnvsCommandTests
{
    [Fact]
    public async Task Lists_the_built_in_environments_with_thresholds()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "envs", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.LastLine);
        var byId = json.RootElement.GetProperty("environments").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(475, byId["CartPole-v1"].GetProperty("solve_threshold").GetDouble());
        Assert.Equal(-100, byId["Acrobot-v1"].GetProperty("solve_threshold").GetDouble());
        Assert.Equal(200, byId["MountainCar-v0"].GetProperty("max_episode_steps").GetInt32());
        Assert.Equal(4, byId["CartPole-v1"].GetProperty("observation_size").GetInt32());
    }

    [Fact]
    public async Task An_unknown_environment_is_bad_usage_naming_the_registered_ones()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "config", "--env", "Nope-v0", "--print");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--env Nope-v0: unknown environment; registered: Acrobot-v1, CartPole-v1", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>One error for a missing assembly, attributed to the flag: "unknown environment" would only repeat it, misleadingly.</summary>
    [Fact]
    public async Task A_missing_assembly_is_one_error_naming_the_flag()
    {
        var config = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "config", "--env", "Nope-v0", "--env-assembly", "/nonexistent/Env.dll", "--print");
        Assert.True(config.ExitCode == 2, config.ToString());
        Assert.Contains("--env-assembly /nonexistent/Env.dll:", config.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown environment", config.StdErr, StringComparison.Ordinal);

        var envs = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "envs", "--env-assembly", "/nonexistent/Env.dll");
        Assert.True(envs.ExitCode == 2, envs.ToString());
        Assert.Contains("--env-assembly /nonexistent/Env.dll:", envs.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("from default", envs.StdErr, StringComparison.Ordinal);
    }
}
