using System.Text.RegularExpressions;
using Flock.Actors.Report;

namespace Flock.Actors.Tests.Report;

public sealed class RunReportTests
{
    [Fact]
    public void A_run_with_few_columns_and_no_trace_still_gets_a_report_that_says_what_is_missing()
    {
        var dir = Directory.CreateTempSubdirectory("flock-report-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "metrics.csv"), "elapsed_seconds,env_steps,loss\n1,100,\n2,250,0.5\n3,400,0.25\n");

            var result = RunReport.Write(dir.FullName);

            Assert.Null(result.TraceFile);
            Assert.Null(result.TimelineFile);
            var html = File.ReadAllText(result.ReportFile);
            Assert.Equal(10, Regex.Matches(html, "<svg class=\"chart\"").Count);
            Assert.Single(Regex.Matches(html, "<path class=\"series\""));
            Assert.Contains("data-series=\"loss\" d=\"M", html);
            Assert.Contains("no data recorded", html);
            Assert.Contains("no phase times", html);
            Assert.Contains("No summary.json", html);
            Assert.DoesNotContain("from the trace", html);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_cluster_run_with_per_node_rates_in_a_text_column_gets_its_report()
    {
        var dir = Directory.CreateTempSubdirectory("flock-report-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "metrics.csv"), "elapsed_seconds,env_steps,node_transitions_per_second,loss\n1,100,a=1200;b=900,0.5\n2,250,a=1300,0.25\n");

            var html = File.ReadAllText(RunReport.Write(dir.FullName).ReportFile);

            Assert.Contains("data-series=\"loss\" d=\"M", html);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_trace_named_in_config_json_is_found_relative_to_the_run_directory()
    {
        var dir = Directory.CreateTempSubdirectory("flock-report-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "metrics.csv"), "elapsed_seconds,env_steps\n1,100\n");
            File.WriteAllText(Path.Combine(dir.FullName, "config.json"), "{\"actors\": 2, \"trace-file\": \"spans.json\"}");
            File.WriteAllText(Path.Combine(dir.FullName, "spans.json"), """
                {"traceEvents":[
                {"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"learner"}},
                {"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"learner"}},
                {"name":"flock.learner.update","ph":"X","ts":5,"dur":40,"pid":1,"tid":1,"args":{"trace_id":"a","span_id":"b"}}]}
                """);

            var result = RunReport.Write(dir.FullName);

            Assert.Equal(Path.Combine(dir.FullName, "spans.json"), result.TraceFile);
            Assert.Contains("flock.learner.update", File.ReadAllText(result.ReportFile));
            Assert.Contains("<rect class=\"span\" data-name=\"flock.learner.update\"", File.ReadAllText(result.TimelineFile!));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
