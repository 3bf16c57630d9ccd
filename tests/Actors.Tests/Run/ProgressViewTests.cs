using Flock.Actors.Run;
using Flock.Actors.Telemetry;

namespace Flock.Actors.Tests.Run;

/// <summary>The plain progress lines a redirected stderr gets: every 5 s of the run, none before the counts are in, the last one once.</summary>
public sealed class ProgressViewTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flock-progress-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Lines_come_at_each_5_s_mark_of_rows_a_little_off_the_second_and_the_last_row_once()
    {
        var output = new StringWriter();
        await using (var progress = ProgressView.Plain("flockrl train CartPole-v1", output))
        {
            // Rows every ~1 s, drifting a few hundredths late, as a metrics timer gives them; the run ends at 12.3 s.
            foreach (var second in Enumerable.Range(1, 12))
            {
                progress.Report(new RunMetrics { ElapsedSeconds = second + (0.01 * second) - 0.4, EnvSteps = second * 1000 });
            }

            progress.Report(new RunMetrics { ElapsedSeconds = 12.3, EnvSteps = 12_300 });
        }

        var stamps = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..9].Trim()).ToArray();
        Assert.Equal(["[   4.7s]", "[   9.7s]", "[  12.3s]"], stamps);
    }

    [Fact]
    public async Task The_last_row_is_not_repeated_when_it_fell_on_a_mark()
    {
        var output = new StringWriter();
        await using (var progress = ProgressView.Plain("t", output))
        {
            progress.Report(new RunMetrics { ElapsedSeconds = 1 });
            progress.Report(new RunMetrics { ElapsedSeconds = 5.01 });
        }

        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task With_a_trace_file_each_line_says_its_size()
    {
        var trace = Path.Combine(_root, "trace.json");
        await File.WriteAllBytesAsync(trace, new byte[2_500_000]);
        var output = new StringWriter();
        await using (var progress = ProgressView.Plain("t", output))
        {
            progress.Extra = TraceFileSize.Describe(trace);
            progress.Report(new RunMetrics { ElapsedSeconds = 5 });
        }

        Assert.EndsWith(" trace 2.5 MB", output.ToString().Trim(), StringComparison.Ordinal);
        Assert.Null(TraceFileSize.Describe(null));
    }
}
