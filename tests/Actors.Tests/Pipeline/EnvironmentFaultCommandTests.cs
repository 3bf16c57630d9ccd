using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Pipeline;

/// <summary>
/// The real <c>flockrl train</c> on environments with bugs (tests/TestEnvironments, loaded with
/// <c>--env-assembly</c> as a user's own): rare faults are ridden out, a fault storm fails the run with a
/// message, and environments broken from the first step fail the pre-flight check at once.
/// </summary>
public sealed class EnvironmentFaultCommandTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "Flock.TestEnvironments.dll");
    private readonly string _root = Directory.CreateTempSubdirectory("flock-faults-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("Unwritten-v0", "reset left observation[4] unwritten", "Box(shape=(5,)")]
    [InlineData("WritesPast-v0", "reset wrote past the observation span of 3 floats", "Box(shape=(3,)")]
    [InlineData("OutOfSpace-v0", "step 1 (action 1) wrote observation[1] = 2.5, outside its declared bounds [-1, 1]", "Box(shape=(2,)")]
    public async Task An_environment_broken_from_the_start_fails_the_pre_flight_check_with_exit_2_and_no_run(string env, string problem, string space)
    {
        var dir = Path.Combine(_root, env);
        var result = await FlockProcess.RunAsync(Generous, "train", "--env-assembly", Assembly, "--env", env, "--max-seconds", "60", "--out", dir, "--no-progress");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"environment '{env}' failed the pre-flight check: {problem}", result.StdErr, StringComparison.Ordinal);
        Assert.Contains($"declared observation space {space}", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("action space Discrete(2)", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "a run that never started left a run directory");
    }

    [Fact]
    public async Task Rare_exceptions_are_ridden_out_counted_and_logged_with_a_stack_trace_once_per_site()
    {
        var dir = Path.Combine(_root, "flaky");
        // Every environment throws once in 1,000 of its steps: about 50 faults in 50,000 env steps.
        var result = await FlockProcess.RunAsync(Generous, "train", "--env-assembly", Assembly, "--env", "Flaky-v0", "--max-env-steps", "50000",
            "--samples-per-insert-tolerance", "2000", "--out", dir, "--json", "--no-progress");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("max-env-steps", summary.GetProperty("stop_reason").GetString());
        Assert.True(summary.GetProperty("env_errors").GetInt64() >= 40, result.ToString());

        // One bug, one site: its stack trace is printed once, and every fault is counted under it.
        var site = Assert.Single(summary.GetProperty("env_error_sites").EnumerateArray());
        Assert.Equal(summary.GetProperty("env_errors").GetInt64(), site.GetProperty("count").GetInt64());
        Assert.Matches(@"Environment 'Flaky-v0'.* faulted at episode \d+, step \d+: it threw InvalidOperationException: flaky bug", site.GetProperty("first").GetString());
        Assert.Single(Regex.Matches(result.StdErr, "System.InvalidOperationException: flaky bug"));
        Assert.DoesNotContain("restart #", result.StdErr, StringComparison.Ordinal);

        // The metrics count them too, and the doctor reports them.
        var rows = await File.ReadAllLinesAsync(Path.Combine(dir, "metrics.csv"));
        var column = Array.IndexOf(rows[0].Split(','), "env_errors");
        Assert.True(long.Parse(rows[^1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture) > 0, rows[^1]);
        var doctor = await FlockProcess.RunAsync(Generous, "doctor", dir);
        Assert.True(doctor.ExitCode == 0, doctor.ToString());
        Assert.Contains("env-faults", doctor.StdOut, StringComparison.Ordinal);
        Assert.Contains("flaky bug", doctor.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_storm_fails_the_run_quickly_with_a_message_naming_the_environment_and_the_share()
    {
        var dir = Path.Combine(_root, "storm");
        var clock = Stopwatch.StartNew();
        var result = await FlockProcess.RunAsync(Generous, "train", "--env-assembly", Assembly, "--env", "FaultStorm-v0", "--max-seconds", "120",
            "--out", dir, "--json", "--no-progress");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100), $"gave up only after {clock.Elapsed}");
        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("failed", summary.GetProperty("stop_reason").GetString());
        var error = summary.GetProperty("error").GetString();
        Assert.Contains("environment 'FaultStorm-v0' faulted more than 100 times within 10,000 env steps", error, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: storm", error, StringComparison.Ordinal);
        foreach (var file in new[] { "config.json", "metrics.csv", "summary.json" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} missing");
        }

        var doctor = await FlockProcess.RunAsync(Generous, "doctor", dir);
        Assert.Contains("run-failed", doctor.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("No findings", doctor.StdOut, StringComparison.Ordinal);
    }
}
