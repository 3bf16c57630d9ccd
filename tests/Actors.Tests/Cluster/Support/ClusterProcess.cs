using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// A running <c>flockrl</c> process (the real CLI, flockrl.dll next to the tests) whose stderr can be waited
/// on line by line while it runs, then stopped with SIGTERM (orderly) or SIGKILL (crash). Optionally
/// runs inside a network namespace. Disposing kills it if it still runs.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _waiters = new();
    private readonly Lock _lock = new();
    private readonly string _label;

    private ClusterProcess(string label, ProcessStartInfo start)
    {
        _label = label;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Exited += (_, _) => Wake();
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StdErr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public string StdOut
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static ClusterProcess Start(string label, IEnumerable<string> args, string? networkNamespace = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
        {
            foreach (var a in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add(Cli.FlockProcess.FlockDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("FLOCK_JOIN");
        start.Environment["FLOCK_AKKA_CONFIG"] = ClusterArgs.FastFailureDetection;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return new ClusterProcess(label, start);
    }

    /// <summary>Waits until stderr holds <paramref name="text"/>; fails with the output so far if the process exits first or the wait runs out.</summary>
    public async Task WaitForAsync(string text, TimeSpan? timeout = null) =>
        await WaitUntilAsync(() => StdErr.Contains(text, StringComparison.Ordinal), $"'{text}' on stderr", timeout);

    /// <summary>Waits until stderr holds any of <paramref name="texts"/> (whichever of two mechanisms notices first).</summary>
    public async Task WaitForAnyAsync(params string[] texts) =>
        await WaitUntilAsync(() => texts.Any(t => StdErr.Contains(t, StringComparison.Ordinal)), $"any of '{string.Join("', '", texts)}' on stderr");

    /// <summary>Waits until <paramref name="condition"/> holds, rechecking on every output line and every 200 ms.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultWait;
        while (!condition())
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                if (condition())
                {
                    return;
                }

                throw new Xunit.Sdk.XunitException($"{_label} exited ({_process.ExitCode}) before {what}.\n{this}");
            }

            if (deadline.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException($"{_label}: no {what} within {limit}.\n{this}");
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            await Task.WhenAny(waiter.Task, Task.Delay(200));
        }
    }

    /// <summary>SIGTERM: the process stops in order (a learner writes its checkpoint and summary).</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
        }
    }

    /// <summary>SIGKILL: the process dies at once, as on a crash or an OOM kill.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{_label} did not exit within {timeout ?? DefaultWait}.\n{this}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for the exit and fails with the process's output unless it exited with <paramref name="code"/>.</summary>
    public async Task ExpectExitAsync(int code, TimeSpan? timeout = null)
    {
        var actual = await WaitForExitAsync(timeout);
        if (actual != code)
        {
            throw new Xunit.Sdk.XunitException($"{_label} exited with {actual}, expected {code}.\n{this}");
        }
    }

    /// <summary>The JSON object --json printed as the last line of stdout.</summary>
    public JsonElement JsonResult()
    {
        var last = StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"{_label} printed nothing on stdout.\n{this}");
        return JsonDocument.Parse(last).RootElement.Clone();
    }

    public override string ToString() => $"--- {_label} stdout\n{StdOut}\n--- {_label} stderr\n{StdErr}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            target.AppendLine(line);
        }

        Wake();
    }

    private void Wake()
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
