using System.Text.Json;
using Flock.Actors.Tests.Cli;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Doctor;

/// <summary><c>flockrl doctor</c> on the run directory of a real cluster run: a learner and an actor node process.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterDoctorTests : IDisposable
{
    private readonly string _runDir = Path.Combine(Path.GetTempPath(), $"flock-doctor-cluster-{Guid.NewGuid():N}");
    public void Dispose()
    {
        if (Directory.Exists(_runDir))
        {
            Directory.Delete(_runDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_cluster_run_with_a_200_transition_replay_is_diagnosed_from_the_actors_its_nodes_brought()
    {
        var seed = $"127.0.0.1:{ClusterTestBed.FreePort()}";
        await using var learner = ClusterProcess.Start("learner", ClusterArgs.Learner(seed, _runDir, 120,
            "--max-env-steps", "100000", "--samples-per-insert-tolerance", "2000", "--replay-capacity", "200", "--batch-size", "64"));
        await using var node = ClusterProcess.Start("node a", ClusterArgs.Node(seed, "a", "--actors", "2"));
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
