using System.Diagnostics;
using System.Text.Json;

namespace Flock.Actors.Tests.Cli;

/// <summary>Inputs a careless or hostile user gives the real <c>flockrl</c>: each one a clear message and exit 2, never a crash or a hang.</summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private readonly string _root = Directory.CreateTempSubdirectory("flock-hostile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("--actors")]
    [InlineData("--env")]
    [InlineData("--config")]
    [InlineData("--out")]
    [InlineData("--seed")]
    [InlineData("--hidden")]
    [InlineData("--resume")]
    public async Task A_flag_given_last_without_its_value_is_bad_usage(string flag)
    {
        var result = await FlockProcess.RunAsync(Generous, "train", flag);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(flag, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_too_large_is_refused_before_anything_is_allocated_with_its_size()
    {
        var result = await FlockProcess.RunAsync(Generous, "train", "--hidden", "65536,65536", "--out", Path.Combine(_root, "huge"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("4,295,491,586 parameters; at most 268,435,456", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "huge")));
    }

    [Fact]
    public async Task Too_many_hidden_layers_for_a_checkpoint_are_refused_at_the_start()
    {
        var result = await FlockProcess.RunAsync(Generous, "train", "--hidden", string.Join(',', Enumerable.Repeat(4, 70)));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("too many hidden layers; at most 64", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_replay_capacity_says_too_large_with_the_bound()
    {
        var result = await FlockProcess.RunAsync(Generous, "train", "--replay-capacity", "1000000000000");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'1000000000000' is too large; at most 100000000", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_of_an_endless_device_or_a_directory_is_refused_at_once()
    {
        var zero = await FlockProcess.RunAsync(Generous, "eval", "--checkpoint", "/dev/zero");
        Assert.True(zero.ExitCode == 2, zero.ToString());
        Assert.Contains("not a Flock DQN checkpoint", zero.StdErr, StringComparison.Ordinal);

        var directory = await FlockProcess.RunAsync(Generous, "eval", "--checkpoint", _root);
        Assert.True(directory.ExitCode == 2, directory.ToString());
        Assert.Contains("is a directory", directory.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_env_assembly_is_a_message()
    {
        var result = await FlockProcess.RunAsync(Generous, "train", "--env-assembly", "", "--max-seconds", "1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--env-assembly", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("path is empty", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_stderr_does_not_end_a_run()
    {
        var dir = Path.Combine(_root, "closed-stderr");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "exec 2>&-; exec dotnet \"$@\"", "bash", FlockProcess.FlockDll, "train", "--max-env-steps", "3000", "--out", dir, "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stdout}");
        var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("max-env-steps", summary.GetProperty("stop_reason").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint-last.bin")));
    }

    [Fact]
    public async Task Max_seconds_stops_the_run_whatever_the_metrics_interval()
    {
        // An hour between metrics rows used to hold the stop until the first row; the limit is its own timer now.
        var result = await FlockProcess.RunAsync(Generous, "train", "--metrics-interval-seconds", "3600", "--max-seconds", "1", "--out", Path.Combine(_root, "deadline"), "--json", "--no-progress");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("max-seconds", summary.GetProperty("stop_reason").GetString());
        Assert.InRange(summary.GetProperty("wall_seconds").GetDouble(), 1, 60);
    }

    [Fact]
    public async Task A_failed_run_prints_its_error_without_a_stack_trace_and_keeps_the_trace_in_run_log()
    {
        var dir = Path.Combine(_root, "failing");
        var environment = new Dictionary<string, string> { [Actors.Cli.TrainCommand.LearnerFailEnvironmentVariable] = "5" };
        var result = await FlockProcess.RunAsync(Generous, environment, "train", "--max-seconds", "120", "--out", dir, "--no-progress");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("flockrl: the run failed: learner failed: injected learner failure", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at Flock.", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("   at Flock.Actors.Roles.LearnerActor", File.ReadAllText(Path.Combine(dir, "run.log")), StringComparison.Ordinal);

        var verbose = await FlockProcess.RunAsync(Generous, environment, "train", "--max-seconds", "120", "--out", Path.Combine(_root, "failing-verbose"), "--no-progress", "--verbose");
        Assert.True(verbose.ExitCode == 1, verbose.ToString());
        Assert.Contains("   at Flock.Actors.Roles.LearnerActor", verbose.StdErr, StringComparison.Ordinal);
    }
}
