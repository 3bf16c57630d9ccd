using System.Diagnostics;
using Flock.Actors.Doctor;
using Flock.Actors.Report;

namespace Flock.Actors.Bench;

/// <summary>
/// <c>flockrl doctor</c> and <c>flockrl report</c> on a long run: a <see cref="SyntheticRun"/> of
/// <see cref="BenchOptions.Rows"/> rows is written once to a temporary directory (not timed), then each repeat runs
/// both tools on it in this process as the CLI does (doctor: read, judge, render the text; report: write report.html)
/// and reports their wall and CPU times, the doctor's split into reading and judging, the bytes each allocated and the
/// size of the page. The directory is removed afterwards.
/// </summary>
public static class ToolsBench
{
    public const int DefaultRows = 2_000_000;

    /// <summary>About 2.5 GB of metrics.csv: more than any run leaves, and room on the disk of a small machine.</summary>
    public const int MaxRows = 10_000_000;

    public static RepeatedFigures Run(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Directory.CreateTempSubdirectory("flock-bench-tools-");
        try
        {
            options.Progress.WriteLine($"tools: writing a run of {options.Rows:N0} rows");
            var run = SyntheticRun.Write(Path.Combine(root.FullName, "run"), options.Rows);
            return BenchRepeats.Run(o => Measure(run, o), options);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>One repeat on the run directory <paramref name="run"/>.</summary>
    internal static IReadOnlyDictionary<string, object> Measure(string run, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metrics = new FileInfo(Path.Combine(run, "metrics.csv")).Length;

        options.Progress.WriteLine("tools: doctor");
        var (doctorAllocated, doctorCpu, doctorRead, doctorJudge) = Timed(() =>
        {
            var clock = Stopwatch.StartNew();
            var record = RunRecordLoader.Load(run);
            var read = clock.Elapsed.TotalSeconds;
            _ = DiagnosisText.Render(RunDoctor.Diagnose(record));
            return (read, clock.Elapsed.TotalSeconds - read);
        });

        options.Progress.WriteLine("tools: report");
        var (reportAllocated, reportCpu, reportSeconds, _) = Timed(() =>
        {
            var clock = Stopwatch.StartNew();
            RunReport.Write(run);
            return (clock.Elapsed.TotalSeconds, 0.0);
        });

        return new Dictionary<string, object>
        {
            ["rows"] = options.Rows,
            ["metrics_csv_bytes"] = metrics,
            ["doctor_seconds"] = doctorRead + doctorJudge,
            ["doctor_read_seconds"] = doctorRead,
            ["doctor_judge_seconds"] = doctorJudge,
            ["doctor_cpu_seconds"] = doctorCpu,
            ["doctor_allocated_mb"] = doctorAllocated / 1e6,
            ["report_seconds"] = reportSeconds,
            ["report_cpu_seconds"] = reportCpu,
            ["report_allocated_mb"] = reportAllocated / 1e6,
            ["report_html_kb"] = new FileInfo(Path.Combine(run, RunReport.ReportFileName)).Length / 1e3,
            ["process_peak_working_set_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
        };
    }

    /// <summary>
    /// Runs <paramref name="tool"/> after a full collection (so one tool's garbage is not the next one's cost), with the
    /// bytes it allocated and the CPU time the process spent meanwhile (the collector's threads included): on a shared
    /// machine the CPU time says what the tool costs when the wall time says mostly how busy the machine was.
    /// </summary>
    private static (long Allocated, double CpuSeconds, double First, double Second) Timed(Func<(double First, double Second)> tool)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (first, second) = tool();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        process.Refresh();
        return (allocated, (process.TotalProcessorTime - cpuBefore).TotalSeconds, first, second);
    }
}
