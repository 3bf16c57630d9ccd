using Flock.Actors.Doctor;
using Flock.Actors.Report;
using Flock.Actors.Run;
using Flock.Actors.Tests.Cluster;
using Flock.Actors.Tests.Doctor.Support;

namespace Flock.Actors.Tests.Doctor;

/// <summary>
/// doctor and report on long runs: their time grows with the rows, not with their square (proved by ratio, 200 K rows
/// against 20 K of the same run; absolute times are in the README, from <c>flockrl bench tools</c>), the report stays
/// small, and non-finite values in metrics.csv are evidence of divergence. The ratio is of the process's CPU time, in
/// a collection that runs alone: other processes on a busy machine stretch wall time, not this process's CPU time.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class LongRunScalingTests : IDisposable
{
    /// <summary>
    /// Linear work takes 10× the time for 10× the rows, n log n about 12×, quadratic work 100×. Under 25× leaves room for
    /// the fixed costs that weigh more in the small run and for the collector, and still fails anything quadratic.
    /// </summary>
    private const double MaxRatio = 25;

    private readonly string _root = Directory.CreateTempSubdirectory("flock-long-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Doctor_and_report_scale_with_the_rows_and_the_report_stays_small()
    {
        var small = Write("small", 20_000);
        var large = Write("large", 200_000);

        var doctor = Ratio(() => RunDoctor.Diagnose(RunRecordLoader.Load(small)), () => RunDoctor.Diagnose(RunRecordLoader.Load(large)));
        Assert.True(doctor < MaxRatio, $"doctor took {doctor:0.0}× as long for 10× the rows");

        var report = Ratio(() => RunReport.Write(small), () => RunReport.Write(large));
        Assert.True(report < MaxRatio, $"report took {report:0.0}× as long for 10× the rows");
        var html = new FileInfo(Path.Combine(large, RunReport.ReportFileName)).Length;
        Assert.True(html < 5_000_000, $"report.html of 200 K rows is {html:N0} bytes");
    }

    [Fact]
    public void A_spike_survives_downsampling_and_a_long_series_is_thinned_to_about_two_points_a_bucket()
    {
        var x = Enumerable.Range(0, 1_000_000).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v / 1000)).ToArray();
        y[777_777] = 50;
        y[123_456] = -50;
        var (thinX, thinY) = SeriesDownsampler.MinMaxPerBucket(x, y, 400);
        Assert.InRange(thinY.Length, 400, 800);
        Assert.Equal(50, thinY.Max());
        Assert.Equal(-50, thinY.Min());
        Assert.Contains(777_777.0, thinX);
        Assert.True(thinX.Zip(thinX.Skip(1)).All(p => p.Second > p.First), "points out of order");

        // Every other value missing (a rate blanked over short intervals) still thins; a stretch of only NaN stays one gap.
        var holey = y.Select((v, i) => i % 2 == 0 || (i > 500_000 && i < 600_000) ? double.NaN : v).ToArray();
        var (_, thinHoley) = SeriesDownsampler.MinMaxPerBucket(x, holey, 400);
        Assert.InRange(thinHoley.Length, 300, 800);
        Assert.Single(thinHoley, double.IsNaN);
    }

    [Fact]
    public void Non_finite_loss_in_metrics_is_divergence_even_without_a_summary()
    {
        var rows = Rows(400).ToList();
        var record = RecordedRun.Load(rows, editCsv: lines =>
        {
            var header = lines[0].Split(',');
            int loss = Array.IndexOf(header, MetricsColumns.Loss), q = Array.IndexOf(header, MetricsColumns.MeanAbsQ);
            return lines.Select((line, i) =>
            {
                if (i < 300)
                {
                    return line;
                }

                var cells = line.Split(',');
                (cells[loss], cells[q]) = ("NaN", "Infinity");
                return string.Join(',', cells);
            });
        });
        var finding = RunDoctor.Diagnose(record).Found("q-divergence");
        Assert.Contains(finding.Evidence, e => e.Text.Contains("loss = NaN", StringComparison.Ordinal) && e.At.Single().Line == 301);
        Assert.Contains(finding.Evidence, e => e.Text.Contains("mean_abs_q = ∞", StringComparison.Ordinal) || e.Text.Contains("mean_abs_q = Infinity", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_and_doctor_read_a_metrics_file_cut_by_a_kill_the_same_way()
    {
        var dir = Write("cut", 50);
        File.AppendAllText(Path.Combine(dir, "metrics.csv"), "12.5,1234");
        var report = RunReport.Write(dir);
        Assert.Contains("the last line is incomplete", report.Note, StringComparison.Ordinal);
        Assert.Contains(RunRecordLoader.Load(dir).Notes, n => n == report.Note);
        Assert.Equal(50, MetricsSeries.Load(Path.Combine(dir, "metrics.csv")).Rows);
    }

    private string Write(string name, int rows) => RecordedRun.Write(Path.Combine(_root, name), Rows(rows).ToList());

    private static IEnumerable<RunMetrics> Rows(int count)
    {
        var random = new Random(1);
        for (var i = 0; i < count; i++)
        {
            yield return new RunMetrics
            {
                ElapsedSeconds = (i + 1) * 0.1,
                EnvSteps = (i + 1) * 100L,
                EnvStepsPerSecond = 1000 + random.NextDouble(),
                Updates = i * 10L,
                UpdatesPerSecond = 100 + random.NextDouble(),
                TransitionsInserted = (i + 1) * 100L,
                ReplaySize = (int)Math.Min(100_000, (i + 1) * 100L),
                SamplesPerInsert = 8,
                EpsilonMin = 0.0007,
                EpsilonMax = 0.4,
                Loss = 1 + random.NextDouble(),
                MeanAbsQ = 10 + random.NextDouble(),
                MeanAbsTdError = 0.5 + random.NextDouble(),
                GradNorm = 1 + random.NextDouble(),
                GradClippedFraction = 0,
                LearningRate = 0.001,
                TrainMeanReturn = 100 + (50 * random.NextDouble()),
                TrainEpisodes = i,
                EvalMeanReturn100 = 100 + (50 * random.NextDouble()),
                EvalEpisodes = i,
                WeightsVersion = i * 10L,
            };
        }
    }

    /// <summary>The large case's CPU time over the small's, each the least of three (the least disturbed by the rest of the process).</summary>
    private static double Ratio(Action small, Action large)
    {
        small();
        large();
        return Least(large) / Least(small);

        static double Least(Action action) => Enumerable.Range(0, 3).Min(_ =>
        {
            var before = Environment.CpuUsage.TotalTime;
            action();
            return (Environment.CpuUsage.TotalTime - before).TotalSeconds;
        });
    }
}
