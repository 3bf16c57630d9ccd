using System.Globalization;
using System.Text.Json;
using Flock.Actors.Tests.Cli;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Sweep;

/// <summary>The real <c>flockrl sweep</c>, run as a process: a tiny sweep end to end, bounded by env steps.</summary>
public sealed class SweepCommandTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("flock-sweep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_tiny_sweep_prunes_the_hopeless_trials_and_writes_results_page_and_a_loadable_best_config()
    {
        var dir = Path.Combine(_root, "sweep");

        // Two good learning rates start first (grid order, two at a time); the two hopeless ones (1e-7: the
        // network barely moves) start after a good one ended, so at some rung they face better scores and are
        // pruned. Bounded by env steps with a tight samples-per-insert slack: it holds on a slow machine too.
        var result = await FlockProcess.RunAsync(Generous, "sweep", "--env", "CartPole-v1", "--strategy", "grid", "--trials", "4", "--parallel", "2",
            "--param", "learning-rate=0.001,0.0000001", "--param", "target-update-interval=100,250",
            "--max-env-steps", "40000", "--min-rung-env-steps", "4000", "--samples-per-insert-tolerance", "1000",
            "--out", dir, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());

        var summary = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal([4_445, 13_334], summary.GetProperty("rungs_env_steps").EnumerateArray().Select(e => e.GetInt64()));
        var trials = summary.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(4, trials.Length);
        Assert.Equal([1, 2, 3, 4], trials.Select(t => t.GetProperty("trial").GetInt32()).Order());
        Assert.Contains(trials, t => t.GetProperty("status").GetString()!.StartsWith("pruned@", StringComparison.Ordinal));
        // At the first rung every untrained trial scores a random policy's ~9, so which trials are pruned there
        // depends on timing (on a loaded machine a hopeless one can outscore a good one by noise and run on); what
        // must hold is that some trial is pruned (above) and a good learning rate ranks first (below).
        Assert.Equal("0.001", trials[0].GetProperty("params").GetProperty("learning-rate").GetString());
        Assert.Contains("→ pruned", result.StdErr, StringComparison.Ordinal);

        // results.csv: one row per trial in rank order, with the swept knobs as columns.
        var rows = await File.ReadAllLinesAsync(Path.Combine(dir, "results.csv"));
        Assert.Equal("rank,trial,learning-rate,target-update-interval,status,env_steps,eval_mean_return_100,solved_at_env_steps,wall_seconds,run_dir,error", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.Equal(trials.Select(t => t.GetProperty("trial").GetInt32().ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r.Split(',')[1]));
        var completed = rows.Skip(1).Select(r => r.Split(',')).Where(c => c[4] is "completed" or "solved").ToArray();
        Assert.NotEmpty(completed);

        // The env actors stop at the budget: a trial that ran it made the budget's steps, less than one vector step more.
        var budgetEnd = 40_000 + new RunConfig().EnvsPerActor;
        Assert.All(completed, c => Assert.True(c[4] == "solved" || long.Parse(c[5], CultureInfo.InvariantCulture) is >= 40_000 and var steps && steps < budgetEnd, string.Join(',', c)));

        // sweep.html: self-contained, a curve per trial, the pruned ones faded, the table.
        var page = await File.ReadAllTextAsync(Path.Combine(dir, "sweep.html"));
        Assert.Equal(4, page.Split("<path class=\"series", StringSplitOptions.None).Length - 1);
        Assert.Contains("<path class=\"series faded\"", page, StringComparison.Ordinal);
        Assert.Contains("pruned@", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // Each trial is an ordinary run directory, and the best config is a ready --config file.
        foreach (var t in trials)
        {
            Assert.True(File.Exists(Path.Combine(t.GetProperty("run_dir").GetString()!, "summary.json")));
        }

        var best = summary.GetProperty("best_config").GetString()!;
        Assert.Equal(Path.Combine(dir, "best-config.json"), best);
        var printed = await FlockProcess.RunAsync(Generous, "config", "--config", best, "--print");
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var config = JsonDocument.Parse(printed.StdOut).RootElement;
        Assert.Equal(0.001, config.GetProperty("learning-rate").GetDouble());
        Assert.True(config.GetProperty("stop-when-solved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("out").ValueKind);

        // No --metrics-interval-seconds given: the trials wrote a row every 0.25 s for their rung decisions,
        // and the best config keeps the ordinary interval a training run has.
        var trialConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(trials[0].GetProperty("run_dir").GetString()!, "config.json"))).RootElement;
        Assert.Equal(0.25, trialConfig.GetProperty("metrics-interval-seconds").GetDouble());
        Assert.Equal(1, config.GetProperty("metrics-interval-seconds").GetDouble());

        var report = await FlockProcess.RunAsync(Generous, "report", trials[0].GetProperty("run_dir").GetString()!);
        Assert.True(report.ExitCode == 0, report.ToString());
    }

    [Fact]
    public async Task A_metrics_interval_set_in_the_config_file_is_kept_even_at_its_default_and_a_trial_runs_exactly_its_budget()
    {
        var dir = Path.Combine(_root, "own-interval");
        var file = Path.Combine(_root, "base.json");
        await File.WriteAllTextAsync(file, """{ "metrics-interval-seconds": 1 }""");
        var result = await FlockProcess.RunAsync(Generous, "sweep", "--config", file, "--env", "CartPole-v1", "--strategy", "grid", "--trials", "1",
            "--param", "learning-rate=0.001", "--max-env-steps", "3000", "--samples-per-insert-tolerance", "1000", "--out", dir, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());

        var trial = Assert.Single(JsonDocument.Parse(result.LastLine).RootElement.GetProperty("trials").EnumerateArray());
        Assert.Equal("completed", trial.GetProperty("status").GetString());
        Assert.InRange(trial.GetProperty("env_steps").GetInt64(), 3_000, 3_000 + new RunConfig().EnvsPerActor - 1);
        var trialConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(trial.GetProperty("run_dir").GetString()!, "config.json"))).RootElement;
        Assert.Equal(1, trialConfig.GetProperty("metrics-interval-seconds").GetDouble());
        var best = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "best-config.json"))).RootElement;
        Assert.Equal(1, best.GetProperty("metrics-interval-seconds").GetDouble());
    }

    [Fact]
    public async Task Bad_params_exit_2_naming_the_value_and_what_is_allowed()
    {
        var result = await FlockProcess.RunAsync(Generous, "sweep", "--param", "learning-rate=2", "--param", "batchsize=64", "--out", Path.Combine(_root, "bad"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--param learning-rate=2: learning-rate = 2: out of range; allowed: > 0 and ≤ 1", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'batch-size'?", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")));

        var grid = await FlockProcess.RunAsync(Generous, "sweep", "--strategy", "grid", "--param", "gamma=0.9..0.99", "--out", Path.Combine(_root, "bad"));
        Assert.True(grid.ExitCode == 2, grid.ToString());
        Assert.Contains("a range needs --strategy random", grid.StdErr, StringComparison.Ordinal);
    }
}
