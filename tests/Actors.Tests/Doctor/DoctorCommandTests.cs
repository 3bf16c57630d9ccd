using System.Text.Json;
using Flock.Actors.Doctor;
using Flock.Actors.Tests.Cli;
using Flock.Actors.Tests.Doctor.Support;

namespace Flock.Actors.Tests.Doctor;

/// <summary>
/// The real <c>flockrl train</c> made to fail in a known way, then the real <c>flockrl doctor</c> on its run directory.
/// Runs are bounded by env steps with little samples-per-insert slack, so the learner keeps pace on any machine; a
/// metrics row every 0.2 s gives the trend rules rows to judge.
/// </summary>
public sealed class DoctorCommandTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    private static readonly string[] Bounded = ["--max-env-steps", "200000", "--samples-per-insert-tolerance", "2000", "--metrics-interval-seconds", "0.2", "--no-progress"];

    private readonly string _root = Directory.CreateTempSubdirectory("flock-doctor-e2e-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_huge_learning_rate_kills_the_network_and_the_doctor_gives_the_default_rate_back()
    {
        // Lockstep, so the network dies the same way on every machine: with free-running actors one CI run in many
        // (a loaded 2-core machine) kept a network half alive, and the doctor rightly found unclipped spikes instead.
        var doctor = await TrainThenDoctor("huge-lr", "--learning-rate", "1", "--deterministic");

        var finding = Finding(doctor, "learning-stalled");
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.Contains(Changes(finding), c => c == "--learning-rate 1e-3");
    }

    [Fact]
    public async Task A_target_interval_of_one_is_found_and_the_default_interval_suggested()
    {
        var doctor = await TrainThenDoctor("target-1", "--target-update-interval", "1");

        Assert.Contains(Changes(Finding(doctor, "target-sync-too-frequent")), c => c == "--target-update-interval 250");
    }

    [Fact]
    public async Task A_replay_of_100_transitions_is_too_small_for_16_environments_of_500_steps()
    {
        var doctor = await TrainThenDoctor("replay-100", "--replay-capacity", "100", "--replay-min-size", "100", "--batch-size", "64");

        var finding = Finding(doctor, "replay-too-small");
        Assert.Contains("= 8,000", finding.GetProperty("evidence")[0].GetProperty("text").GetString());
        Assert.Contains(Changes(finding), c => c == "--replay-capacity 32000");
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Acrobot-v1")]
    public async Task A_healthy_default_run_has_no_finding(string env)
    {
        var dir = Path.Combine(_root, env);
        var train = await FlockProcess.RunAsync(Generous, "train", "--env", env, "--stop-when-solved", "--max-env-steps", "3000000", "--metrics-interval-seconds", "0.2", "--out", dir, "--no-progress");
        Assert.True(train.ExitCode == 0, train.ToString());

        var result = await FlockProcess.RunAsync(Generous, "doctor", dir, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.True(json.GetProperty("findings").GetArrayLength() == 0, result.LastLine);
        Assert.True(json.GetProperty("not_judged").GetArrayLength() == 0, result.LastLine);
        Assert.Equal(RunDoctor.Rules.Select(r => r.Id), json.GetProperty("checked").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Contains("No findings: nothing in this run points to a convergence problem.", result.StdErr);
    }

    [Fact]
    public async Task Json_output_is_one_object_on_the_last_line_and_the_report_goes_to_stderr()
    {
        var dir = RecordedRun.Write(Path.Combine(_root, "recorded"), LearningCurve.Rows().Learning((r, _) => r with { MeanAbsQ = 5_000 }));

        var result = await FlockProcess.RunAsync(Generous, "doctor", dir, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        foreach (var key in new[] { "run_dir", "env", "solved", "solve_threshold", "return_scale", "rows", "learning_rows", "findings", "checked", "not_judged", "notes", "command" })
        {
            Assert.True(json.TryGetProperty(key, out _), $"no '{key}' in {result.LastLine}");
        }

        var finding = json.GetProperty("findings")[0];
        foreach (var key in new[] { "id", "severity", "title", "evidence", "cause", "changes" })
        {
            Assert.True(finding.TryGetProperty(key, out _), $"finding without '{key}'");
        }

        Assert.Equal("q-divergence", finding.GetProperty("id").GetString());
        Assert.Contains("[critical] q-divergence", result.StdErr);
    }

    [Fact]
    public async Task A_missing_run_directory_or_a_malformed_metrics_file_is_bad_usage_naming_it()
    {
        var missing = Path.Combine(_root, "no-such-run");
        var result = await FlockProcess.RunAsync(Generous, "doctor", missing, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"flockrl: {missing}: no such run directory", result.StdErr);
        Assert.Equal("", result.StdOut);

        var dir = RecordedRun.Write(Path.Combine(_root, "broken"), LearningCurve.Rows(3));
        var metrics = Path.Combine(dir, "metrics.csv");
        var lastRow = File.ReadAllLines(metrics)[^1];
        File.AppendAllText(metrics, "1,2,3\n" + lastRow + "\n");
        result = await FlockProcess.RunAsync(Generous, "doctor", dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("metrics.csv: line 5 has 3 cells, the header has", result.StdErr);
        Assert.Contains("(nothing from column 'updates' on)", result.StdErr);
    }

    [Fact]
    public async Task A_last_line_cut_off_by_a_killed_run_is_ignored_with_a_note()
    {
        var dir = RecordedRun.Write(Path.Combine(_root, "killed"), LearningCurve.Rows());
        File.AppendAllText(Path.Combine(dir, "metrics.csv"), "11.0,220000,20000,13");

        var result = await FlockProcess.RunAsync(Generous, "doctor", dir, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal(LearningCurve.RowCount, json.GetProperty("rows").GetInt32());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("metrics.csv: the last line is incomplete (4 of ", StringComparison.Ordinal));
        Assert.Contains("Note: metrics.csv: the last line is incomplete", result.StdErr);
    }

    private async Task<JsonElement> TrainThenDoctor(string name, params string[] flags)
    {
        var dir = Path.Combine(_root, name);
        var train = await FlockProcess.RunAsync(Generous, ["train", .. flags, .. Bounded, "--out", dir]);
        Assert.True(train.ExitCode == 0, train.ToString());

        var doctor = await FlockProcess.RunAsync(Generous, "doctor", dir, "--json");
        Assert.True(doctor.ExitCode == 0, doctor.ToString());
        return JsonDocument.Parse(doctor.LastLine).RootElement.Clone();
    }

    private static JsonElement Finding(JsonElement doctor, string id) =>
        doctor.GetProperty("findings").EnumerateArray().FirstOrDefault(f => f.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException($"no {id} finding in {doctor}");

    private static IEnumerable<string> Changes(JsonElement finding) =>
        finding.GetProperty("changes").EnumerateArray().Select(c => $"{c.GetProperty("flag").GetString()} {c.GetProperty("value").GetString()}");
}
