using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Report;

public sealed class ReportCommandTests
{
    [Fact]
    public async Task A_missing_run_directory_is_bad_usage_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"flock-no-such-run-{Guid.NewGuid():N}");
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "report", missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.StdErr);
        Assert.Contains("no such run directory", result.StdErr);
    }

    [Fact]
    public async Task A_directory_without_metrics_or_with_a_broken_one_is_bad_usage_naming_the_problem()
    {
        var dir = Directory.CreateTempSubdirectory("flock-report-");
        try
        {
            var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "report", dir.FullName);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("metrics.csv: not found", result.StdErr);

            File.WriteAllText(Path.Combine(dir.FullName, "metrics.csv"), "elapsed_seconds,env_steps\n1,abc\n");
            result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "report", dir.FullName);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("line 2, column 'env_steps': 'abc' is not a number", result.StdErr);
            Assert.False(File.Exists(Path.Combine(dir.FullName, "report.html")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
