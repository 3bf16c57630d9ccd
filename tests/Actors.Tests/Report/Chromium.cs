using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Report;

/// <summary>
/// Debian's headless Chromium, for the tests that check a page really renders. Installing it is CI's job
/// (.ci/run); a machine without it fails these tests with the reason, unless FLOCK_SKIP_BROWSER_TESTS=1.
/// </summary>
public static class Chromium
{
    public const string SkipVariable = "FLOCK_SKIP_BROWSER_TESTS";

    public static bool Skipped => Environment.GetEnvironmentVariable(SkipVariable) == "1";

    /// <summary>The chromium executable; throws naming the fix when there is none.</summary>
    public static string Executable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"no chromium on PATH: install it (apt-get install -y chromium) or set {SkipVariable}=1 to skip the browser tests");
    }

    /// <summary>Loads a local file headless, runs its scripts, and returns the DOM as serialised afterwards.</summary>
    public static async Task<string> DumpDomAsync(string file)
    {
        var profile = Directory.CreateTempSubdirectory("flock-chromium-");
        try
        {
            var result = await ChildProcess.RunAsync(profile.FullName, Executable(), new Dictionary<string, string?>(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000", "--dump-dom",
                new Uri(Path.GetFullPath(file)).AbsoluteUri);
            return result.ExitCode == 0 && result.StdOut.Length > 0
                ? result.StdOut
                : throw new InvalidOperationException($"chromium exited {result.ExitCode} on {file}; stderr: {result.StdErr}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
