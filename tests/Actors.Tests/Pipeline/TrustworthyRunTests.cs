using System.Globalization;
using System.Text.Json;
using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Pipeline;

/// <summary>
/// What a run says and leaves behind can be trusted, checked on the real <c>flockrl</c>: checkpoint.bin is
/// the version whose own 100 episodes gave the recorded mean, and <c>--deterministic</c> runs repeat exactly.
/// </summary>
public sealed class TrustworthyRunTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "Flock.TestEnvironments.dll");

    /// <summary>The metrics.csv columns that count things: a deterministic run must repeat them exactly.</summary>
    private static readonly string[] CountingColumns =
    [
        "env_steps", "updates", "transitions_inserted", "replay_size", "target_syncs", "train_episodes", "train_mean_return",
        "eval_mean_return100", "eval_episodes", "weights_version", "loss", "mean_abs_q", "env_errors",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("flock-trust-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Eval_of_checkpoint_bin_reproduces_the_mean_recorded_for_it_on_a_chain_whose_policy_flips_easily()
    {
        var dir = Path.Combine(_root, "chain");
        // Bounded by env steps, so the run learns the same amount on a loaded machine; the learner keeps
        // training after the evaluator judged a version, so the last weights are not the judged ones.
        var train = await FlockProcess.RunAsync(Generous, "train", "--env-assembly", Assembly, "--env", "NoisyChain-v0", "--max-env-steps", "40000",
            "--samples-per-insert-tolerance", "2000", "--target-update-interval", "100", "--seed", "2", "--out", dir, "--json", "--no-progress");
        Assert.True(train.ExitCode == 0, train.ToString());
        var summary = JsonDocument.Parse(train.LastLine).RootElement;
        var version = summary.GetProperty("checkpoint_weights_version").GetInt64();
        var recorded = summary.GetProperty("checkpoint_eval_mean_return").GetDouble();

        // No --env and no --env-assembly: both come from the run's config.json beside the checkpoint.
        var eval = await FlockProcess.RunAsync(Generous, "eval", "--checkpoint", Path.Combine(dir, "checkpoint.bin"), "--episodes", "100", "--seed", "77", "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        var evaluated = JsonDocument.Parse(eval.LastLine).RootElement;
        Assert.Equal("NoisyChain-v0", evaluated.GetProperty("env").GetString());
        Assert.Equal(version, evaluated.GetProperty("weights_version").GetInt64());
        Assert.Equal(recorded, evaluated.GetProperty("checkpoint_eval_mean_return").GetDouble());
        Assert.Equal(100, evaluated.GetProperty("checkpoint_eval_episodes").GetInt32());

        // Other episodes of the same weights: within noise. A return is 1 or 0 (stuck in a flipped cell), so a
        // mean of 100 is a share with a standard error of at most 0.05, and the difference of two at most 0.071.
        var mean = evaluated.GetProperty("mean_return").GetDouble();
        Assert.True(Math.Abs(mean - recorded) < 0.2, $"eval {mean} against the recorded {recorded}\n{train}\n{eval}");

        // checkpoint-last.bin is the learner's own latest state, kept for --resume.
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint-last.bin")));
        Assert.True(summary.GetProperty("updates").GetInt64() >= version);
        foreach (var key in new[] { "solved_at_end", "final_eval_mean_return", "env_errors" })
        {
            Assert.True(summary.TryGetProperty(key, out _), $"summary lacks {key}");
        }
    }

    [Fact]
    public async Task Two_deterministic_runs_with_the_same_seed_repeat_their_counts_and_checkpoints_bit_for_bit()
    {
        async Task<string> Train(string name, int seed)
        {
            var dir = Path.Combine(_root, name);
            var result = await FlockProcess.RunAsync(Generous, "train", "--deterministic", "--max-env-steps", "25000", "--seed", seed.ToString(CultureInfo.InvariantCulture),
                "--target-update-interval", "100", "--out", dir, "--json", "--no-progress");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("deterministic (one thread, in lockstep)", result.StdErr, StringComparison.Ordinal);
            return dir;
        }

        var first = await Train("a", 5);
        var second = await Train("b", 5);
        var other = await Train("c", 6);

        var counts = Counting(first);
        Assert.True(counts.Count > 5, $"only {counts.Count} metrics rows");
        Assert.Equal(counts, Counting(second));
        Assert.NotEqual(counts, Counting(other));
        foreach (var file in new[] { "checkpoint.bin", "checkpoint-last.bin" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first, file)), await File.ReadAllBytesAsync(Path.Combine(second, file)));
        }

        Assert.NotEqual(await File.ReadAllBytesAsync(Path.Combine(first, "checkpoint-last.bin")), await File.ReadAllBytesAsync(Path.Combine(other, "checkpoint-last.bin")));
        var a = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(first, "summary.json"))).RootElement;
        var b = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(second, "summary.json"))).RootElement;
        foreach (var key in new[] { "env_steps", "updates", "eval_episodes", "train_episodes", "checkpoint_weights_version", "checkpoint_eval_mean_return", "final_eval_mean_return" })
        {
            Assert.Equal(a.GetProperty(key).GetRawText(), b.GetProperty(key).GetRawText());
        }
    }

    private static List<string> Counting(string runDir)
    {
        var lines = File.ReadAllLines(Path.Combine(runDir, "metrics.csv"));
        var header = lines[0].Split(',');
        var columns = CountingColumns.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.DoesNotContain(-1, columns);
        return [.. lines.Skip(1).Select(line => string.Join(',', columns.Select(i => line.Split(',')[i])))];
    }
}
