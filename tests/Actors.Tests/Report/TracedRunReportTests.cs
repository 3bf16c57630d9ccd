using System.Text.Json;
using System.Text.RegularExpressions;
using Flock.Actors.Tests.Cli;
using Flock.Actors.Tests.Telemetry;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Report;

/// <summary>metrics.csv's phase times and <c>flockrl report</c> on a real traced run, checked in a real browser.</summary>
public sealed class TracedRunReportTests(TracedRunFixture run) : IClassFixture<TracedRunFixture>
{
    [Fact]
    public void Metrics_csv_records_where_each_role_spent_its_time()
    {
        Assert.True(run.Train.ExitCode == 0, run.Train.ToString());
        var lines = File.ReadAllLines(Path.Combine(run.RunDir, "metrics.csv"));
        var header = lines[0].Split(',');
        var last = lines[^1].Split(',');
        foreach (var column in new[] { "env_stepping_seconds", "env_inference_seconds", "env_batching_seconds", "replay_insert_seconds", "replay_sample_seconds", "learner_update_seconds" })
        {
            var value = double.Parse(last[Array.IndexOf(header, column)], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(value > 0, $"{column} is {value} in the last row");
        }
    }

    [Fact]
    public async Task Report_plots_the_run_and_tables_time_from_the_trace_and_chromium_draws_every_curve()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(2), "report", run.RunDir, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        var reportFile = json.GetProperty("report").GetString()!;
        Assert.Equal(Path.Combine(run.RunDir, "report.html"), reportFile);
        Assert.Equal(run.TraceFile, json.GetProperty("trace").GetString());

        var html = File.ReadAllText(reportFile);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Equal(10, Regex.Matches(html, "<svg class=\"chart\"").Count);
        Assert.Contains(SpanNames.LearnerUpdate, html);
        Assert.Contains(SpanNames.EnvStepBatch, html);
        var paths = Regex.Matches(html, "<path class=\"series\" data-series=\"[^\"]+\" d=\"M[0-9]").Count;
        Assert.True(paths >= 10, $"only {paths} curves have data");

        var timeline = File.ReadAllText(json.GetProperty("timeline").GetString()!);
        Assert.Contains("<rect class=\"span\" data-name=\"flock.learner.update\"", timeline);
        Assert.Contains("<rect class=\"span\" data-name=\"flock.env.step_batch\"", timeline);

        if (Chromium.Skipped)
        {
            return;
        }

        var dom = await Chromium.DumpDomAsync(reportFile);
        var drawn = Regex.Match(dom, "data-rendered-series=\"(\\d+)\"");
        Assert.True(drawn.Success, "the report's check script did not run in chromium");
        Assert.Equal(paths, int.Parse(drawn.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
