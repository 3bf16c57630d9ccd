using System.Diagnostics;
using System.Text.Json;
using Flock.Actors.Tests.Cli;
using Flock.Environments.Tests.Registry;

namespace Flock.Actors.Tests.Pipeline;

/// <summary>The real <c>flockrl train</c> and <c>flockrl eval</c>, run as processes, as a user runs them.</summary>
public sealed class TrainCommandTests : IClassFixture<CustomEnvSampleBuild>, IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    private readonly CustomEnvSampleBuild _sample;
    private readonly string _root = Directory.CreateTempSubdirectory("flock-train-").FullName;

    public TrainCommandTests(CustomEnvSampleBuild sample) => _sample = sample;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string RunDir(string name) => Path.Combine(_root, name);

    private static JsonElement Summary(string runDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "summary.json"))).RootElement;

    [Fact]
    public async Task A_short_run_writes_its_directory_and_really_trains()
    {
        var dir = RunDir("smoke");
        // Bounded by env steps, not seconds, and with little slack in the samples-per-insert ratio, so
        // the actors cannot finish without the learner: the counts below hold on a slow machine too.
        var result = await FlockProcess.RunAsync(Generous, "train", "--max-env-steps", "20000", "--samples-per-insert-tolerance", "2000",
            "--target-update-interval", "100", "--seed", "3", "--out", dir, "--json", "--no-progress");
        Assert.True(result.ExitCode == 0, result.ToString());

        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("max-env-steps", summary.GetProperty("stop_reason").GetString());
        // The actors claim steps from the budget before each vector step, so the run stops within one
        // vector step (8 envs by default) of it, not a metrics interval later.
        Assert.InRange(summary.GetProperty("env_steps").GetInt64(), 20_000, 20_000 + 8);
        Assert.True(summary.GetProperty("transitions_inserted").GetInt64() > 10_000, result.ToString());
        Assert.True(summary.GetProperty("updates").GetInt64() > 500, result.ToString());
        Assert.True(summary.GetProperty("weight_broadcasts").GetInt64() > 5, result.ToString());
        Assert.True(summary.GetProperty("eval_episodes").GetInt64() > 0, result.ToString());
        Assert.Equal(dir, summary.GetProperty("run_dir").GetString());
        foreach (var key in new[] { "env", "seed", "solved", "solve_threshold", "solved_at_seconds", "solved_at_env_steps", "eval_mean_return_100", "train_episodes", "wall_seconds", "env_steps_per_second", "updates_per_second" })
        {
            Assert.True(summary.TryGetProperty(key, out _), $"summary lacks {key}");
        }

        Assert.Equal(summary.GetProperty("updates").GetInt64(), Summary(dir).GetProperty("updates").GetInt64());
        var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "config.json"))).RootElement;
        Assert.Equal(3, config.GetProperty("seed").GetInt64());
        var rows = await File.ReadAllLinesAsync(Path.Combine(dir, "metrics.csv"));
        Assert.True(rows.Length >= 2, $"metrics.csv has {rows.Length} lines");
        var header = rows[0].Split(',');
        var last = rows[^1].Split(',');
        Assert.Equal(summary.GetProperty("updates").GetInt64(), long.Parse(last[Array.IndexOf(header, "updates")], System.Globalization.CultureInfo.InvariantCulture));

        var eval = await FlockProcess.RunAsync(Generous, "eval", "--checkpoint", Path.Combine(dir, "checkpoint.bin"), "--episodes", "3", "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        var evaluated = JsonDocument.Parse(eval.LastLine).RootElement;
        Assert.Equal("CartPole-v1", evaluated.GetProperty("env").GetString());
        // checkpoint.bin is the version the evaluator judged best over 100 episodes of its own, with that mean.
        Assert.Equal(summary.GetProperty("checkpoint_weights_version").GetInt64(), evaluated.GetProperty("weights_version").GetInt64());
        Assert.Equal(summary.GetProperty("checkpoint_eval_mean_return").GetDouble(), evaluated.GetProperty("checkpoint_eval_mean_return").GetDouble());
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint-last.bin")));
    }

    [Fact]
    public async Task The_default_configuration_solves_CartPole()
    {
        var dir = RunDir("solve");
        var result = await FlockProcess.RunAsync(Generous, "train", "--env", "CartPole-v1", "--seed", "1", "--max-seconds", "120", "--stop-when-solved", "--out", dir, "--json", "--no-progress");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.True(summary.GetProperty("solved").GetBoolean(), result.ToString());
        Assert.Equal("solved", summary.GetProperty("stop_reason").GetString());
        Assert.True(summary.GetProperty("eval_mean_return_100").GetDouble() >= 475);

        // The saved network must play well on episodes it never saw, not just on the evaluator's.
        var eval = await FlockProcess.RunAsync(Generous, "eval", "--checkpoint", Path.Combine(dir, "checkpoint.bin"), "--episodes", "20", "--seed", "12345", "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.True(JsonDocument.Parse(eval.LastLine).RootElement.GetProperty("mean_return").GetDouble() >= 400, eval.ToString());
    }

    /// <summary>
    /// Ctrl-C (SIGINT) in a terminal, and SIGTERM as Kubernetes or systemd send it. A child started from a
    /// background job inherits SIGINT as ignored, and .NET keeps an ignored SIGINT ignored, so the run is
    /// started through a one-line exec that restores SIGINT's default, as a terminal's foreground job has it.
    /// </summary>
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Ctrl_C_or_SIGTERM_stops_cleanly_and_still_writes_everything(string signal)
    {
        var dir = RunDir("interrupted-" + signal);
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet", FlockProcess.FlockDll, "train", "--max-seconds", "600", "--out", dir, "--json", "--no-progress" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var metrics = Path.Combine(dir, "metrics.csv");
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 3) && waited.Elapsed < Generous && !process.HasExited)
        {
            await Task.Delay(200);
        }

        if (process.HasExited)
        {
            Assert.Fail($"flockrl exited early ({process.ExitCode}): {await stderr}");
        }

        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(Generous);
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("interrupted", Summary(dir).GetProperty("stop_reason").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint.bin")));
        Assert.Equal("interrupted", JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]).RootElement.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task A_learner_failure_checkpoints_explains_and_exits_1()
    {
        var dir = RunDir("failed");
        var environment = new Dictionary<string, string> { ["FLOCK_TEST_LEARNER_FAIL_AT_UPDATE"] = "30" };
        var result = await FlockProcess.RunAsync(Generous, environment, "train", "--max-seconds", "120", "--out", dir, "--json", "--no-progress");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("the run failed: learner failed: injected learner failure at update 30", result.StdErr, StringComparison.Ordinal);
        var summary = Summary(dir);
        Assert.Equal("failed", summary.GetProperty("stop_reason").GetString());
        Assert.Equal(29, summary.GetProperty("updates").GetInt64());
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint.bin")));
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint-last.bin")));
        Assert.True(File.Exists(Path.Combine(dir, "metrics.csv")));
    }

    [Fact]
    public async Task A_user_environment_from_its_own_assembly_trains_through_the_cli()
    {
        var listed = await FlockProcess.RunAsync(Generous, "envs", "--env-assembly", _sample.AssemblyPath, "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("\"Corridor-v0\"", listed.LastLine, StringComparison.Ordinal);

        var dir = RunDir("corridor");
        var result = await FlockProcess.RunAsync(Generous, "train", "--env-assembly", _sample.AssemblyPath, "--env", "Corridor-v0", "--max-env-steps", "5000", "--samples-per-insert-tolerance", "1000", "--out", dir, "--json", "--no-progress");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("Corridor-v0", summary.GetProperty("env").GetString());
        Assert.True(summary.GetProperty("updates").GetInt64() > 0, result.ToString());
        Assert.True(summary.GetProperty("train_episodes").GetInt64() > 0, result.ToString());
    }

    [Fact]
    public async Task Invalid_settings_exit_2_before_any_run_directory_is_made()
    {
        var dir = RunDir("never");
        var result = await FlockProcess.RunAsync(Generous, "train", "--actors", "0", "--gamma", "1.5", "--out", dir);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--actors 0", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--gamma 1.5", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }
}
