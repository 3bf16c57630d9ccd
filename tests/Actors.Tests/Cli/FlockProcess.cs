using System.Diagnostics;

namespace Flock.Actors.Tests.Cli;

/// <summary>Runs the real <c>flockrl</c> executable (built next to the tests) as a separate process.</summary>
public static class FlockProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        /// <summary>The last non-empty line of stdout: where --json puts its one object.</summary>
        public string LastLine => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
    }

    public static string FlockDll => Path.Combine(AppContext.BaseDirectory, "flockrl.dll");

    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] args) => await RunAsync(timeout, null, args);

    public static async Task<Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        await RunAsync(timeout, environment, workingDirectory: null, args);

    /// <summary>Runs in <paramref name="workingDirectory"/>, where a run without <c>--out</c> writes its <c>runs/</c>.</summary>
    public static async Task<Result> RunInAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        await RunAsync(timeout, null, workingDirectory, args);

    private static async Task<Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add(FlockDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"flockrl {string.Join(' ', args)} did not finish within {timeout}; stderr so far: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
