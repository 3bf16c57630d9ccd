using System.Diagnostics;

namespace Flock.Actors.Tests.Cli;

/// <summary>Runs any program (a script, the wrapper) as the user would, from a directory of the test's choosing.</summary>
public static class ChildProcess
{
    /// <param name="directory">The working directory.</param>
    /// <param name="program">The program, as a shell would be given it (a path, or a name found on PATH).</param>
    /// <param name="environment">Variables to set; a null value removes one. <c>FLOCK_INVOKED_AS</c> is always removed first.</param>
    /// <param name="args">The arguments.</param>
    public static async Task<FlockProcess.Result> RunAsync(string directory, string program, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        // A relative path runs from the working directory, as a shell would run it (.NET would look for it in this
        // process's current directory): sh execs it there, so the program sees exactly the path typed, e.g. ./flockrl.
        var relative = program.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(program);
        var start = new ProcessStartInfo(relative ? "/bin/sh" : program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("FLOCK_INVOKED_AS");
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        if (relative)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\"");
            start.ArgumentList.Add(program);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
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
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 2 minutes; stderr so far: {await stderr}");
        }

        return new FlockProcess.Result(process.ExitCode, await stdout, await stderr);
    }
}
