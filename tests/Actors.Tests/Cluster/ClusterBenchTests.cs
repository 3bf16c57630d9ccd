using System.Text.Json;
using Flock.Actors.Tests.Cli;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

[Collection(BrokerCollection.Name)]
public sealed class ClusterBenchTests
{
    // Skipped, a known bug (README, "Run on a cluster"): on the Akka.NET port of the RabbitMQ transport, an actor
    // node's transitions stop arriving once weights are broadcast every few milliseconds as this bench does (half of
    // the runs here measured 0 transitions/s). The cluster process tests (ClusterRunTests) broadcast at the
    // learner's own pace and pass; issue 14 replaces this transport with Akka.Cluster.
    [Fact(Skip = "known bug: the RabbitMQ transport on Akka.NET stalls under the bench's rapid weight broadcasts; replaced by Akka.Cluster in issue 14")]
    public async Task Bench_cluster_prints_throughput_and_broadcast_latency_as_one_json_object()
    {
        var vhost = await TestBroker.CreateVirtualHostAsync("bench");
        try
        {
            var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(2), "bench", "cluster", "--broker", TestBroker.Url(vhost), "--seconds", "1", "--repeats", "2", "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            var figures = JsonDocument.Parse(result.LastLine).RootElement;
            Assert.Equal("cluster", figures.GetProperty("bench").GetString());
            Assert.True(figures.GetProperty("transitions_per_second").GetDouble() > 0, result.ToString());
            Assert.True(figures.GetProperty("broadcasts_measured").GetDouble() > 0, result.ToString());
            Assert.Equal(2, figures.GetProperty("repeats").GetInt32());
            Assert.True(figures.GetProperty("transitions_per_second_min").GetDouble() <= figures.GetProperty("transitions_per_second_max").GetDouble(), result.ToString());
            var p50 = figures.GetProperty("broadcast_p50_ms").GetDouble();
            Assert.True(p50 >= 0 && p50 <= figures.GetProperty("broadcast_p99_ms").GetDouble(), result.ToString());
            Assert.DoesNotContain("guest:guest", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            await TestBroker.DeleteVirtualHostAsync(vhost);
        }
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

    [Fact]
    public async Task Bench_cluster_without_a_broker_url_is_a_usage_error()
    {
        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["FLOCK_BROKER"] = "" }, "bench", "cluster", "--seconds", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--broker: required", result.StdErr, StringComparison.Ordinal);
    }
}
