using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Flock.Actors.Report;
using Flock.Actors.Run;
using Flock.Actors.Tests.Cli;
using Flock.Learner.Checkpoints;

namespace Flock.Actors.Tests.Pipeline;

/// <summary>
/// Durability of a run, with the real <c>flockrl</c> as a process: a killed run keeps its training, a resumed run
/// continues it, a resume that cannot start changes nothing, a full disk fails clearly and keeps the last good
/// checkpoint, and runs never share a directory.
/// </summary>
public sealed class NothingLostTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    private readonly string _root = Directory.CreateTempSubdirectory("flock-nothing-lost-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static JsonElement Summary(string runDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "summary.json"))).RootElement;

    private static Dictionary<string, byte[]> Contents(string runDir, params string[] files) =>
        files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(runDir, f)));

    [Fact]
    public async Task A_killed_run_leaves_a_consistent_directory_and_a_resume_continues_its_counters()
    {
        var dir = Path.Combine(_root, "killed");
        using (var run = Start("train", "--out", dir, "--checkpoint-interval-seconds", "0.5", "--max-seconds", "300", "--no-progress"))
        {
            // Killed (SIGKILL: no clean stop) once a periodic save recorded some learning.
            var deadline = Stopwatch.StartNew();
            while (!(File.Exists(Path.Combine(dir, "summary.json")) && Summary(dir).GetProperty("updates").GetInt64() > 200))
            {
                Assert.True(deadline.Elapsed < Generous && !run.HasExited, "no periodic summary with 200 updates appeared");
                await Task.Delay(100);
            }

            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
        }

        var killed = Summary(dir);
        Assert.Equal("incomplete", killed.GetProperty("stop_reason").GetString());
        var state = DqnCheckpoint.Load(RunDirectory.LastCheckpointOf(dir));
        Assert.Equal(killed.GetProperty("env_steps").GetInt64(), state.Progress.EnvSteps);
        Assert.Equal(killed.GetProperty("updates").GetInt64(), state.Updates);
        Assert.Equal(killed.GetProperty("eval_episodes").GetInt64(), state.Progress.EvalEpisodes);
        Assert.True(state.Progress.ReplaySize > 0, $"the checkpoint of a run with {state.Updates} updates records an empty replay");

        var resumed = await FlockProcess.RunAsync(Generous, "train", "--resume", dir, "--max-seconds", "3", "--json", "--no-progress");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var after = JsonDocument.Parse(resumed.LastLine).RootElement;
        Assert.Equal("max-seconds", after.GetProperty("stop_reason").GetString());
        Assert.True(after.GetProperty("env_steps").GetInt64() > state.Progress.EnvSteps, resumed.ToString());
        Assert.True(after.GetProperty("updates").GetInt64() > state.Updates, resumed.ToString());
        Assert.True(after.GetProperty("eval_episodes").GetInt64() >= state.Progress.EvalEpisodes, resumed.ToString());
        Assert.True(after.GetProperty("wall_seconds").GetDouble() > state.Progress.ElapsedSeconds, resumed.ToString());

        // One metrics.csv, one header, its clock and step count going on across the kill.
        var metrics = MetricsSeries.Load(Path.Combine(dir, "metrics.csv"));
        Assert.Null(metrics.DroppedLastLine);
        var elapsed = metrics.Get(MetricsColumns.ElapsedSeconds)!;
        var steps = metrics.Get(MetricsColumns.EnvSteps)!;
        Assert.True(elapsed.Zip(elapsed.Skip(1)).All(p => p.Second >= p.First), "elapsed_seconds went back");
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second >= p.First), "env_steps went back");
        Assert.Equal(after.GetProperty("env_steps").GetInt64(), (long)steps[^1]);
    }

    [Fact]
    public async Task A_resume_that_cannot_start_leaves_the_run_as_it_was()
    {
        var dir = Path.Combine(_root, "good");
        var first = await FlockProcess.RunAsync(Generous, "train", "--out", dir, "--max-env-steps", "5000", "--json", "--no-progress");
        Assert.True(first.ExitCode == 0, first.ToString());
        string[] results = ["summary.json", "checkpoint-last.bin", "checkpoint.bin", "metrics.csv"];
        var before = Contents(dir, results);

        // A configuration its checkpoint does not fit: refused before anything is touched.
        var mismatch = await FlockProcess.RunAsync(Generous, "train", "--resume", dir, "--hidden", "32");
        Assert.True(mismatch.ExitCode == 2, mismatch.ToString());
        Assert.Contains("checkpoint-last.bin cannot be resumed with this configuration", mismatch.StdErr, StringComparison.Ordinal);

        // A learner that cannot listen (its port is taken): it fails at start, having changed nothing.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var unlistened = await FlockProcess.RunAsync(Generous, "learner", "--resume", dir, "--listen", $"127.0.0.1:{port}", "--insecure", "--max-seconds", "2", "--json", "--no-progress");
        Assert.True(unlistened.ExitCode != 0, unlistened.ToString());

        Assert.All(results, f => Assert.Equal(before[f], File.ReadAllBytes(Path.Combine(dir, f))));
    }

    [Fact]
    public async Task An_existing_run_directory_is_never_silently_replaced()
    {
        var dir = Path.Combine(_root, "taken");
        var first = await FlockProcess.RunAsync(Generous, "train", "--out", dir, "--max-env-steps", "2000", "--no-progress");
        Assert.True(first.ExitCode == 0, first.ToString());
        var summary = File.ReadAllBytes(Path.Combine(dir, "summary.json"));

        var again = await FlockProcess.RunAsync(Generous, "train", "--out", dir, "--max-env-steps", "2000", "--no-progress");
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--resume", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(summary, File.ReadAllBytes(Path.Combine(dir, "summary.json")));

        var forced = await FlockProcess.RunAsync(Generous, "train", "--out", dir, "--max-env-steps", "2000", "--force", "--seed", "9", "--json", "--no-progress");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(9, Summary(dir).GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Two_runs_started_together_write_two_directories()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "together")).FullName;
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            FlockProcess.RunInAsync(work, Generous, "train", "--max-env-steps", "2000", "--json", "--no-progress")));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var dirs = runs.Select(r => JsonDocument.Parse(r.LastLine).RootElement.GetProperty("run_dir").GetString()).ToArray();
        Assert.NotEqual(dirs[0], dirs[1]);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(work, "runs")).Length);
    }

    [RootFact]
    public async Task A_full_disk_fails_the_run_clearly_removes_its_temporary_files_and_keeps_the_last_good_checkpoint()
    {
        var mount = Directory.CreateDirectory(Path.Combine(_root, "small-disk")).FullName;
        await Shell("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount);
        try
        {
            // A 67 K-parameter network: each checkpoint is about 1.1 MB, and a save needs room for its temporary file.
            var dir = Path.Combine(mount, "run");
            var first = await FlockProcess.RunAsync(Generous, "train", "--out", dir, "--hidden", "256,256", "--max-env-steps", "3000", "--json", "--no-progress");
            Assert.True(first.ExitCode == 0, first.ToString());
            var good = File.ReadAllBytes(RunDirectory.LastCheckpointOf(dir));

            // Fill the disk but for half a checkpoint, then resume with a save every half second.
            var free = new DriveInfo(mount).AvailableFreeSpace;
            await File.WriteAllBytesAsync(Path.Combine(mount, "filler"), new byte[free - (good.Length / 2)]);
            var resumed = await FlockProcess.RunAsync(Generous, "train", "--resume", dir, "--checkpoint-interval-seconds", "0.5", "--max-seconds", "60", "--json", "--no-progress");

            Assert.True(resumed.ExitCode == 1, resumed.ToString());
            Assert.Contains("No space left on device", resumed.StdErr, StringComparison.Ordinal);
            Assert.Contains("last good", resumed.StdErr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
            Assert.Equal(good, File.ReadAllBytes(RunDirectory.LastCheckpointOf(dir)));
            Assert.NotNull(DqnCheckpoint.Load(RunDirectory.LastCheckpointOf(dir)));
        }
        finally
        {
            await Shell("umount", mount);
        }
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(FlockProcess.FlockDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task Shell(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)}: {error}");
    }
}
