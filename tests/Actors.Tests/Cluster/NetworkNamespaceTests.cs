using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

/// <summary>The learner and two actor nodes each in its own network namespace: all traffic crosses veth links to the broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class NetworkNamespaceTests
{
    private const string User = "flock-netns";
    private const string Password = "netns-secret";

    [BrokerFact]
    public async Task A_learner_and_two_actor_nodes_in_separate_network_namespaces_train_through_the_broker()
    {
        if (NetworkNamespaces.WhyUnavailable() is { } why)
        {
            // Not a broker problem: CI runs as root with iproute2; a developer's unprivileged run says why it could not test this.
            Assert.Fail($"cannot make network namespaces: {why}");
        }

        // guest may only connect from localhost, so the namespaces log in as a user of their own.
        var vhost = await TestBroker.CreateVirtualHostAsync("netns", (User, Password));
        var runDir = Path.Combine(Path.GetTempPath(), $"flock-netns-{Guid.NewGuid():N}");
        var processes = new List<ClusterProcess>();
        using var namespaces = new NetworkNamespaces();
        try
        {
            var (learnerNs, learnerHost) = namespaces.Add(1);
            var (aNs, aHost) = namespaces.Add(2);
            var (bNs, bHost) = namespaces.Add(3);
            var learner = ClusterProcess.Start("learner", ClusterArgs.Learner(TestBroker.Url(vhost, User, Password, learnerHost), runDir, 90), learnerNs);
            processes.Add(learner);
            var a = ClusterProcess.Start("node a", ClusterArgs.Node(TestBroker.Url(vhost, User, Password, aHost), "a"), aNs);
            processes.Add(a);
            var b = ClusterProcess.Start("node b", ClusterArgs.Node(TestBroker.Url(vhost, User, Password, bHost), "b"), bNs);
            processes.Add(b);

            await a.WaitForAsync($"connected to broker amqp://{User}:***@{aHost}:5672/");
            await learner.WaitForAsync("node a joined");
            await learner.WaitForAsync("node b joined");
            await learner.WaitUntilAsync(() => MetricsFile.Last(runDir) is { } r && MetricsFile.Number(r, "nodes") == 2 && MetricsFile.Number(r, "updates") > 0
                && MetricsFile.Number(r, "weights_version_lag_max") < MetricsFile.Number(r, "weights_version"), "learning with both nodes");

            learner.Terminate();
            Assert.Equal(0, await learner.WaitForExitAsync());
            Assert.True(learner.JsonResult().GetProperty("transitions_inserted").GetInt64() > 0);
            Assert.DoesNotContain(Password, learner.StdErr + a.StdErr + b.StdErr + await File.ReadAllTextAsync(Path.Combine(runDir, "config.json")), StringComparison.Ordinal);
            a.Terminate();
            b.Terminate();
            Assert.Equal(0, await a.WaitForExitAsync());
            Assert.Equal(0, await b.WaitForExitAsync());
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            await TestBroker.DeleteVirtualHostAsync(vhost);
            if (Directory.Exists(runDir))
            {
                Directory.Delete(runDir, recursive: true);
            }
        }
    }
}
