using System.Diagnostics;
using System.Text;
using Flock.Environments.Tests.Parity;

namespace Flock.Environments.Tests.Registry;

/// <summary>
/// Builds samples/CustomEnv once for the tests that load it, the way a user would:
/// <c>dotnet build samples/CustomEnv -c Release</c>, then copies the DLL aside.
/// </summary>
public sealed class CustomEnvSampleBuild : IDisposable
{
    // Generous: the build machines are shared and slow, and this compiles two projects.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private readonly string _outputDirectory =
        Path.Combine(Path.GetTempPath(), "flock-customenv-" + Guid.NewGuid().ToString("N"));

    private readonly Lazy<string> _assemblyPath;

    public CustomEnvSampleBuild() => _assemblyPath = new Lazy<string>(Build);

    /// <summary>Path of the built CustomEnv.dll; the first use builds it, and a failed build throws with its output.</summary>
    public string AssemblyPath => _assemblyPath.Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never built.
        }
    }

    private string Build()
    {
        var repoRoot = SharedReferenceDirectory.FindRepoRoot()
            ?? throw new InvalidOperationException($"No Actors.sln above {AppContext.BaseDirectory}.");
        var project = Path.Combine(repoRoot, "samples", "CustomEnv");
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "build", project, "-c", "Release",
            // No build servers: they would outlive the build and keep its output pipes open.
            "--disable-build-servers", "-nodeReuse:false", "-nologo",

            // Flock.Environments is already built (the tests run against it); rebuilding it here would
            // rewrite its obj/ folder under the feet of test projects running in parallel.
            "-p:BuildProjectReferences=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings belong to the outer build, not to this one.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // Two test assemblies may build the sample at the same time; its obj/ folder admits one build.
        using var buildLock = new Mutex(false, "flock-customenv-sample-build");
        try
        {
            if (!buildLock.WaitOne(Timeout))
            {
                throw new TimeoutException($"another build of {project} held its lock for over {Timeout}");
            }
        }
        catch (AbandonedMutexException)
        {
            // A test process died while building; the lock is ours now and the build starts afresh.
        }

        try
        {
            return Run(start, project);
        }
        finally
        {
            buildLock.ReleaseMutex();
        }
    }

    private string Run(ProcessStartInfo start, string project)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'dotnet build {project}' did not finish within {Timeout}:\n{Snapshot(output)}");
        }

        process.WaitForExit();
        var built = Path.Combine(project, "bin", "Release", "net10.0", "CustomEnv.dll");
        if (process.ExitCode != 0 || !File.Exists(built))
        {
            throw new InvalidOperationException($"'dotnet build {project}' failed with exit code {process.ExitCode}:\n{Snapshot(output)}");
        }

        // A private copy: the next build of the sample must not change the file under a running test.
        Directory.CreateDirectory(_outputDirectory);
        var assembly = Path.Combine(_outputDirectory, "CustomEnv.dll");
        File.Copy(built, assembly);
        return assembly;
    }

    private static string DotnetExecutable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
