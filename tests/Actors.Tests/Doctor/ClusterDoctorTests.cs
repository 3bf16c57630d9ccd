using System.Text.Json;
using Flock.Actors.Tests.Cli;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Doctor;

/// <summary><c>flockrl doctor</c> on the run directory of a real cluster run: a learner and an actor node on the test broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ClusterDoctorTests : IAsyncLifetime
{
    private readonly string _runDir = Path.Combine(Path.GetTempPath(), $"flock-doctor-cluster-{Guid.NewGuid():N}");
    private string _vhost = "";

    public async Task InitializeAsync() => _vhost = await TestBroker.CreateVirtualHostAsync("doctor");

    public async Task DisposeAsync()
    {
        if (_vhost.Length > 0)
        {
            await TestBroker.DeleteVirtualHostAsync(_vhost);
        }

        if (Directory.Exists(_runDir))
        {
            Directory.Delete(_runDir, recursive: true);
        }
    }

    [BrokerFact]
    public async Task A_cluster_run_with_a_200_transition_replay_is_diagnosed_from_the_actors_its_nodes_brought()
    {
        var broker = TestBroker.Url(_vhost);
        await using var learner = ClusterProcess.Start("learner", ClusterArgs.Learner(broker, _runDir, 120,
            "--max-env-steps", "100000", "--samples-per-insert-tolerance", "2000", "--replay-capacity", "200", "--batch-size", "64"));
        await using var node = ClusterProcess.Start("node a", ClusterArgs.Node(broker, "a", "--actors", "2"));
        Assert.True(await learner.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, learner.ToString());
        node.Terminate();
        await node.WaitForExitAsync();

        var result = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "doctor", _runDir, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.True(json.GetProperty("cluster").GetBoolean());
        var finding = json.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "replay-too-small");
        Assert.Contains("8 environments (2 actors × 4 as configured; nodes may differ)", finding.GetProperty("evidence")[0].GetProperty("text").GetString());
        Assert.StartsWith("flockrl learner --config ", json.GetProperty("command").GetString());
        Assert.Contains("--replay-capacity 16000", json.GetProperty("command").GetString());
    }
}
