using System.Text.Json;

namespace Flock.Actors.Tests.Cli;

public sealed class ConfigCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Print_shows_the_effective_configuration_with_flags_applied()
    {
        var result = await FlockProcess.RunAsync(Timeout, "config", "--actors", "3", "--hidden", "32,32", "--stop-when-solved", "--print");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(3, json.RootElement.GetProperty("actors").GetInt32());
        Assert.Equal([32, 32], json.RootElement.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(json.RootElement.GetProperty("stop-when-solved").GetBoolean());
    }

    [Theory]
    [InlineData("MinAtar/Breakout-v0", 1e-8)]
    [InlineData("MinAtar/Asterix-v0", 1.5e-4)]
    [InlineData("MinAtar/Seaquest-v1", 1.5e-4)]
    [InlineData("MinAtar/SpaceInvaders-v0", 1e-8)]
    public async Task A_MinAtar_game_gets_its_presets_network_and_adam_epsilon(string env, double adamEpsilon)
    {
        var result = await FlockProcess.RunAsync(Timeout, "config", "--env", env, "--print");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal("conv16k3s1,fc128", json.RootElement.GetProperty("network").GetString());
        Assert.Equal(adamEpsilon, json.RootElement.GetProperty("adam-epsilon").GetDouble(), 15);
        Assert.Equal(1e-3, json.RootElement.GetProperty("learning-rate").GetDouble(), 12);
    }

    [Fact]
    public async Task Classic_control_keeps_the_plain_defaults()
    {
        var result = await FlockProcess.RunAsync(Timeout, "config", "--env", "CartPole-v1", "--print");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(1e-8, json.RootElement.GetProperty("adam-epsilon").GetDouble(), 15);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("network").ValueKind);
    }

    [Fact]
    public async Task A_users_own_value_wins_over_the_preset()
    {
        var result = await FlockProcess.RunAsync(Timeout, "config", "--env", "MinAtar/Asterix-v0", "--adam-epsilon", "1e-6", "--hidden", "32", "--print");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(1e-6, json.RootElement.GetProperty("adam-epsilon").GetDouble(), 15);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("network").ValueKind);
    }

    [Fact]
    public async Task Bad_values_exit_2_and_name_every_problem()
    {
        var result = await FlockProcess.RunAsync(Timeout, "config", "--actors", "0", "--learning-rate", "abc", "--no-such-flag", "--print");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--actors 0: out of range; allowed: ≥ 1 and ≤ 4096", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--learning-rate abc", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--no-such-flag", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task A_config_file_with_unknown_keys_is_refused()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("flock-cli-").FullName, "c.json");
        await File.WriteAllTextAsync(path, """{ "learning_rate": 0.01 }""");
        var result = await FlockProcess.RunAsync(Timeout, "config", "--config", path, "--print");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("did you mean 'learning-rate'", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_is_bad_usage()
    {
        var result = await FlockProcess.RunAsync(Timeout);
        Assert.Equal(2, result.ExitCode);
    }
}
