using Flock.Actors.Report;
using Flock.Actors.Run;

namespace Flock.Actors.Tests.Run;

public sealed class MetricsAppendTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flock-metrics-append-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MetricsFile => Path.Combine(_dir, "metrics.csv");

    [Fact]
    public void A_resumed_run_appends_under_the_same_header_after_cutting_a_half_written_last_row()
    {
        using (var writer = new MetricsCsvWriter(MetricsFile))
        {
            writer.Append(new RunMetrics { ElapsedSeconds = 1, EnvSteps = 100 });
            writer.Append(new RunMetrics { ElapsedSeconds = 2, EnvSteps = 200 });
        }

        // The run was killed in the middle of its third row.
        File.AppendAllText(MetricsFile, "3,30");
        using (var writer = new MetricsCsvWriter(MetricsFile, append: true))
        {
            writer.Append(new RunMetrics { ElapsedSeconds = 4, EnvSteps = 400 });
        }

        var series = MetricsSeries.Load(MetricsFile);
        Assert.Null(series.DroppedLastLine);
        Assert.Equal([1.0, 2, 4], series.Get(MetricsColumns.ElapsedSeconds)!);
        Assert.Equal([100.0, 200, 400], series.Get(MetricsColumns.EnvSteps)!);
        Assert.Single(File.ReadLines(MetricsFile), l => l.StartsWith(MetricsColumns.ElapsedSeconds, StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_of_other_columns_is_kept_beside_a_new_one()
    {
        File.WriteAllText(MetricsFile, "elapsed_seconds,env_steps\n1,100\n");
        using (var writer = new MetricsCsvWriter(MetricsFile, append: true))
        {
            writer.Append(new RunMetrics { ElapsedSeconds = 2, EnvSteps = 200 });
        }

        Assert.Equal("elapsed_seconds,env_steps\n1,100\n", File.ReadAllText(Path.Combine(_dir, "metrics.before-resume-1.csv")));
        Assert.Equal([200.0], MetricsSeries.Load(MetricsFile).Get(MetricsColumns.EnvSteps)!);
    }
}
