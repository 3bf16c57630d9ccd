using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// Two actor nodes each in a network namespace of its own, the learner on the host: all cluster traffic
/// crosses veth links, and a link taken down and up again is a real partition that heals.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NetworkNamespaceTests
{
    [Fact]
    public async Task Actor_nodes_across_veth_links_train_with_the_learner_and_a_node_partitioned_away_comes_back()
    {
        if (NetworkNamespaces.WhyUnavailable() is { } why)
        {
            // CI runs as root with iproute2; a developer's unprivileged run says why it could not test this.
            Assert.Fail($"cannot make network namespaces: {why}");
        }

        await using var bed = ClusterTestBed.Create("netns");
        using var namespaces = new NetworkNamespaces();
        var (aNs, hostSeenFromA) = namespaces.Add(2);
        var (bNs, _) = namespaces.Add(3);
        var port = ClusterTestBed.FreePort();
        var seed = $"{hostSeenFromA}:{port}";
        var learner = bed.Start("learner", ClusterArgs.Learner($"0.0.0.0:{port}", bed.RunDir, 150, "--public-host", hostSeenFromA, "--insecure"));
        var a = bed.Start("node a", ClusterArgs.Node(seed, "a", "--listen", "0.0.0.0:0", "--public-host", NetworkNamespaces.InsideAddress(2), "--insecure"), aNs);
        var b = bed.Start("node b", ClusterArgs.Node(seed, "b", "--listen", "0.0.0.0:0", "--public-host", NetworkNamespaces.InsideAddress(3), "--insecure"), bNs);
        await learner.WaitForAsync("node a joined");
        await learner.WaitForAsync("node b joined");
        await learner.WaitUntilAsync(() => Row(bed, r => MetricsFile.Number(r, "nodes") == 2 && MetricsFile.Number(r, "updates") > 0
            && MetricsFile.Number(r, "weights_version_lag_max") < MetricsFile.Number(r, "weights_version")), "learning with both nodes");

        // Partition node a away for longer than the (test) failure detector and downing take, then heal it.
        NetworkNamespaces.SetLink(2, up: false);
        await learner.WaitForAnyAsync("node a is unreachable", "node a gone");
        await learner.WaitUntilAsync(() => Row(bed, r => MetricsFile.Number(r, "nodes") == 1), "node a out of the run");
        await Task.Delay(TimeSpan.FromSeconds(4));
        NetworkNamespaces.SetLink(2, up: true);
        await learner.WaitUntilAsync(() => Row(bed, r => MetricsFile.Number(r, "nodes") == 2 && Rate(r, "a") > 0), "node a back and sending", TimeSpan.FromSeconds(90));

        learner.Terminate();
        await learner.ExpectExitAsync(0);
        Assert.True(learner.JsonResult().GetProperty("transitions_inserted").GetInt64() > 0);
        a.Terminate();
        b.Terminate();
        await a.ExpectExitAsync(0);
        await b.ExpectExitAsync(0);
    }

    private static bool Row(ClusterTestBed bed, Func<IReadOnlyDictionary<string, string>, bool> condition) => MetricsFile.Last(bed.RunDir) is { } row && condition(row);

    private static double Rate(IReadOnlyDictionary<string, string> row, string node) => MetricsFile.NodeRate(row, node);
}
