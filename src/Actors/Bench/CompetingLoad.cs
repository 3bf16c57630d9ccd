using System.Diagnostics;

namespace Flock.Actors.Bench;

/// <summary>
/// CPU-bound competitor processes for a benchmark under contention, as other jobs on a shared machine are:
/// each is a shell busy loop (no system calls in its inner loop, like <c>yes &gt; /dev/null</c> or
/// <c>stress-ng --cpu</c>). They stop when disposed, and each also checks every few dozen milliseconds that the
/// bench's process is still alive and ends itself when it is not, so a bench that is killed leaves none behind.
/// </summary>
internal sealed class CompetingLoad : IDisposable
{
    /// <summary>The setting: two competitors, so on a 2-core machine the collector gets about a third.</summary>
    public const int DefaultProcesses = 2;

    private const string Shell = "/bin/sh";

    private readonly List<Process> _processes;

    private CompetingLoad(List<Process> processes) => _processes = processes;

    public int Count => _processes.Count;

    /// <summary>Starts <paramref name="processes"/> busy loops; throws with a clear message where no POSIX shell exists.</summary>
    public static CompetingLoad Start(int processes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(processes);
        if (!File.Exists(Shell))
        {
            throw new PlatformNotSupportedException($"the competing load runs busy loops in {Shell}, which this machine does not have");
        }

        // 20,000 shell iterations take a few tens of milliseconds: the parent check costs nothing next to the loop.
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; done";
        var started = new List<Process>(processes);
        try
        {
            for (var i = 0; i < processes; i++)
            {
                var start = new ProcessStartInfo(Shell) { UseShellExecute = false, RedirectStandardInput = true };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(script);
                started.Add(Process.Start(start) ?? throw new InvalidOperationException($"{Shell} did not start"));
            }
        }
        catch
        {
            new CompetingLoad(started).Dispose();
            throw;
        }

        return new CompetingLoad(started);
    }

    /// <summary>CPU time the competitors have used so far (to check that they really competed).</summary>
    public TimeSpan ProcessorTime()
    {
        var total = TimeSpan.Zero;
        foreach (var process in _processes)
        {
            process.Refresh();
            total += process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
        }

        return total;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        _processes.Clear();
    }
}
