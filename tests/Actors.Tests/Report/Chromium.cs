using System.Diagnostics;

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
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--no-first-run", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000", "--dump-dom",
                         new Uri(Path.GetFullPath(file)).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chromium");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish loading {file}; stderr: {await stderr}");
            }

            var dom = await stdout;
            return process.ExitCode == 0 && dom.Length > 0
                ? dom
                : throw new InvalidOperationException($"chromium exited {process.ExitCode} on {file}; stderr: {await stderr}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
