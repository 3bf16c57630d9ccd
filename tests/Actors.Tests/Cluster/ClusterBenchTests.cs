using System.Text.Json;
using Flock.Actors.Tests.Cli;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterBenchTests
{
    [Fact]
    public async Task Bench_cluster_prints_throughput_and_broadcast_latency_as_one_json_object()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(3), "bench", "cluster", "--seconds", "1", "--repeats", "2", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var figures = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("cluster", figures.GetProperty("bench").GetString());
        Assert.True(figures.GetProperty("transitions_per_second").GetDouble() > 0, result.ToString());
        Assert.True(figures.GetProperty("broadcasts_measured").GetDouble() > 0, result.ToString());
        Assert.Equal(2, figures.GetProperty("repeats").GetInt32());
        Assert.True(figures.GetProperty("transitions_per_second_min").GetDouble() <= figures.GetProperty("transitions_per_second_max").GetDouble(), result.ToString());
        var p50 = figures.GetProperty("broadcast_p50_ms").GetDouble();
        Assert.True(p50 >= 0 && p50 <= figures.GetProperty("broadcast_p99_ms").GetDouble(), result.ToString());
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster", "0", "--nodes 0: must be ≥ 1 and ≤ 16")]
    [InlineData("wire", "2", "--nodes: only the cluster bench runs actor nodes, not 'wire'")]
    public async Task Bench_nodes_out_of_range_or_for_another_bench_is_a_usage_error(string bench, string nodes, string message)
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "bench", bench, "--nodes", nodes, "--seconds", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
    }
}
