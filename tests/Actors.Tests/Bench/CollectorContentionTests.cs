using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Bench;

public sealed class CollectorContentionTests
{
    [Fact]
    public void Contention_measures_each_policy_beside_real_competitor_processes_and_leaves_none_behind()
    {
        var results = CollectorBench.Run(new BenchOptions(0.3, TextWriter.Null, Repeats: 1, Contention: true));

        Assert.Equal(2, results["competitor_processes"]);
        foreach (var policy in new[] { "random", "network_4_64_64_2" })
        {
            Assert.True((double)results[$"{policy}.contended.transitions_per_second"] > 0, policy);
            Assert.True((double)results[$"{policy}.contended.competitor_cores"] > 0, $"{policy}: the competitors got no CPU");
            var slowdown = (double)results[$"{policy}.contention_slowdown"];
            Assert.True(double.IsFinite(slowdown) && slowdown > 0, $"{policy} slowdown {slowdown}");
            Assert.InRange((double)results[$"{policy}.contended.actor_wait_share"], 0, 1);
        }

        Assert.Empty(Competitors());
    }

    /// <summary>Processes still running a busy loop on behalf of this process.</summary>
    private static string[] Competitors()
    {
        var marker = $"kill -0 {Environment.ProcessId} ";
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return [.. found];
    }
}
