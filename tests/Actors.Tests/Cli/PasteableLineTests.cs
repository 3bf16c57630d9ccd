using System.Runtime.Versioning;
using Flock.Actors.Tests.Doctor.Support;

namespace Flock.Actors.Tests.Cli;

/// <summary>
/// A line Flock prints for pasting (the doctor's retry) must run as printed from where the user is: util-linux owns
/// <c>flock</c>, and <c>flockrl</c> is on the PATH only when installed as a tool. The real doctor, run through a copy
/// of the repository's real <c>./flockrl</c> wrapper and run directly.
/// </summary>
[UnsupportedOSPlatform("windows")] // the wrapper is a bash script
public sealed class PasteableLineTests : IDisposable
{
    private const string RetryHeading = "Try the changes together:";

    private readonly string _root = Directory.CreateTempSubdirectory("flock-pasteable-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_doctors_retry_line_names_the_wrapper_when_started_through_it()
    {
        var run = DivergedRun();

        // The wrapper's layout, with the tests' own build of flockrl where it expects the build.
        var checkout = Path.Combine(_root, "checkout");
        var output = Path.Combine(checkout, "src", "Actors", "bin", "Release");
        Directory.CreateDirectory(output);
        Directory.CreateSymbolicLink(Path.Combine(output, "net10.0"), AppContext.BaseDirectory);
        var wrapper = Path.Combine(checkout, "flockrl");
        File.Copy(Path.Combine(RepoRoot.Path, "flockrl"), wrapper);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await ChildProcess.RunAsync(checkout, "./flockrl", new Dictionary<string, string?> { ["FLOCK_NO_BUILD"] = "1" }, "doctor", run);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"./flockrl train --config {run}/config.json ", RetryLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_doctors_retry_line_names_the_installed_command_when_not_started_through_the_wrapper()
    {
        var run = DivergedRun();

        var result = await ChildProcess.RunAsync(_root, "dotnet", new Dictionary<string, string?>(), FlockProcess.FlockDll, "doctor", run);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"flockrl train --config {run}/config.json ", RetryLine(result), StringComparison.Ordinal);
    }

    /// <summary>A recorded run whose mean |Q| ran away: the doctor suggests changes, so it prints a retry line.</summary>
    private string DivergedRun() => RecordedRun.Write(Path.Combine(_root, "run"), LearningCurve.Rows().Learning((r, _) => r with { MeanAbsQ = 5_000 }));

    private static string RetryLine(FlockProcess.Result result)
    {
        var lines = result.StdOut.Split('\n');
        var heading = Array.IndexOf(lines, RetryHeading);
        Assert.True(heading >= 0 && heading + 1 < lines.Length, result.ToString());
        return lines[heading + 1].Trim();
    }
}
