using Flock.Actors.Bench;
using Flock.Actors.Run;

namespace Flock.Actors.Tests.Bench;

public sealed class ToolsBenchTests
{
    [Fact]
    public void Doctor_and_report_are_timed_on_a_synthetic_run_that_is_removed_afterwards()
    {
        var before = TempRuns();
        var result = ToolsBench.Run(new BenchOptions(0.01, TextWriter.Null, Repeats: 2, Rows: 300)).ToFlat();

        Assert.Equal(300, result["rows"]);
        Assert.Equal(2, result["repeats"]);
        foreach (var figure in new[] { "doctor_seconds", "doctor_read_seconds", "report_seconds", "report_html_kb", "doctor_allocated_mb" })
        {
            var (median, min, max) = ((double)result[figure], (double)result[figure + "_min"], (double)result[figure + "_max"]);
            Assert.True(double.IsFinite(median) && median > 0, $"{figure} = {median}");
            Assert.True(min <= median && median <= max, $"{figure}: {min} ≤ {median} ≤ {max}");
        }

        Assert.Equal(before, TempRuns());
    }

    [Fact]
    public void The_synthetic_run_has_the_learners_header_and_one_line_a_row()
    {
        var root = Directory.CreateTempSubdirectory("flock-synthetic-");
        try
        {
            var run = SyntheticRun.Write(Path.Combine(root.FullName, "run"), 250);
            var lines = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
            Assert.Equal(string.Join(',', MetricsCsvWriter.ColumnNames), lines[0]);
            Assert.Equal(251, lines.Length);
            Assert.True(File.Exists(Path.Combine(run, "summary.json")) && File.Exists(Path.Combine(run, "config.json")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string[] TempRuns() => Directory.GetDirectories(Path.GetTempPath(), "flock-bench-tools-*").Order().ToArray();
}
