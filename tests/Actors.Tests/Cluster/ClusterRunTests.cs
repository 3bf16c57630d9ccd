using System.Text.Json;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// A learner and actor nodes as real <c>flockrl</c> processes in one Akka.Cluster on loopback, and the faults
/// they must survive. Failure detection and downing are shortened for tests (<see cref="ClusterArgs.FastFailureDetection"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRunTests : IAsyncLifetime
{
    private readonly ClusterTestBed _bed = ClusterTestBed.Create("cluster");

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes a test class through IAsyncLifetime (it does not look for IAsyncDisposable): the processes must not outlive the test.
    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_learner_and_two_actor_node_processes_train_together_and_report_nodes_actors_and_rates()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 60));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a", "--actors", "2"));
        var b = _bed.Start("node b", ClusterArgs.Node(_bed.Seed, "b", "--actors", "1"));
        await learner.WaitForAsync("node a joined with 2 actors");
        await learner.WaitForAsync("node b joined with 1 actors");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 2 && Num(r, "node_actors") == 3 && Num(r, "updates") > 0
            && Rate(r, "a") > 0 && Rate(r, "b") > 0 && Num(r, "epsilon_max") > Num(r, "epsilon_min")
            && Num(r, "weights_version_lag_max") < Num(r, "weights_version")), "a metrics row with both nodes sending, acting with broadcast weights, and learning under way");

        learner.Terminate();
        await learner.ExpectExitAsync(0);
        var summary = learner.JsonResult();
        Assert.Equal("interrupted", summary.GetProperty("stop_reason").GetString());
        Assert.True(summary.GetProperty("env_steps").GetInt64() > 0, "actor statistics reach the learner's coordinator");
        Assert.True(summary.GetProperty("transitions_inserted").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(_bed.RunDir, "checkpoint.bin")));
        Assert.DoesNotContain("Exception", learner.StdErr + a.StdErr + b.StdErr, StringComparison.Ordinal);

        a.Terminate();
        b.Terminate();
        await a.ExpectExitAsync(0);
        await b.ExpectExitAsync(0);
        var nodeA = a.JsonResult();
        Assert.Equal(2, nodeA.GetProperty("actors").GetInt32());
        Assert.True(nodeA.GetProperty("weights_version").GetInt64() > 0, "node a acts with the learner's broadcast weights");
        var ids = nodeA.GetProperty("actor_ids").EnumerateArray().Select(e => e.GetInt32())
            .Concat(b.JsonResult().GetProperty("actor_ids").EnumerateArray().Select(e => e.GetInt32())).ToList();
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task An_actor_node_killed_with_sigkill_leaves_the_membership_and_the_learner_keeps_training()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 90));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        var b = _bed.Start("node b", ClusterArgs.Node(_bed.Seed, "b"));
        await learner.WaitForAsync("node a joined");
        await learner.WaitForAsync("node b joined");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 2 && Num(r, "updates") > 0), "learning with two nodes");

        a.KillHard();
        await a.WaitForExitAsync();
        var updatesAtKill = Num(MetricsFile.Last(_bed.RunDir), "updates");
        // Whichever notices first: the cluster's failure detector, or the heartbeats' timeout.
        await learner.WaitForAnyAsync("node a is unreachable", "node a gone");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "node_actors") == 1 && Num(r, "updates") > updatesAtKill + 100
            && !r["node_transitions_per_second"].Contains("a=", StringComparison.Ordinal) && Rate(r, "b") > 0), "training going on with node b alone");

        learner.Terminate();
        await learner.ExpectExitAsync(0);
        Assert.Equal("interrupted", learner.JsonResult().GetProperty("stop_reason").GetString());
        b.Terminate();
        await b.ExpectExitAsync(0);
    }

    [Fact]
    public async Task The_weights_of_a_4_1024_1024_2_network_about_4_MB_reach_a_node_in_chunks()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 120, "--hidden", "1024,1024", "--broadcast-interval", "5", "--batch-size", "32"));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        await learner.WaitUntilAsync(() => Row(r => Num(r, "weights_version") >= 10 && Num(r, "weights_version_lag_max") < Num(r, "weights_version")), "node a acting with broadcast weights of the large network", TimeSpan.FromSeconds(110));
        a.Terminate();
        await a.ExpectExitAsync(0);
        Assert.True(a.JsonResult().GetProperty("weights_version").GetInt64() >= 5, a.ToString());
        learner.Terminate();
        await learner.ExpectExitAsync(0);
    }

    [Fact]
    public async Task An_actor_node_started_mid_run_joins_gets_the_newest_weights_and_its_transitions_arrive()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 90));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "weights_version") > 0), "learning with node a");
        var versionBeforeJoin = Num(MetricsFile.Last(_bed.RunDir), "weights_version");

        var b = _bed.Start("node b", ClusterArgs.Node(_bed.Seed, "b"));
        await learner.WaitForAsync("node b joined");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 2 && Rate(r, "b") > 0), "transitions from node b");

        b.Terminate();
        await b.ExpectExitAsync(0);
        var nodeB = b.JsonResult();
        Assert.True(nodeB.GetProperty("weights_version").GetInt64() >= versionBeforeJoin, $"node b acts with version {nodeB.GetProperty("weights_version")} < {versionBeforeJoin}, the newest when it joined");
        Assert.True(nodeB.GetProperty("transitions_sent").GetInt64() > 0);

        learner.Terminate();
        a.Terminate();
        await learner.ExpectExitAsync(0);
        await a.ExpectExitAsync(0);
    }

    [Fact]
    public async Task A_learner_killed_with_sigkill_and_started_again_at_the_same_address_is_rejoined_by_a_running_node_with_counts_from_zero()
    {
        var first = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 90));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        const double StepsBeforeKill = 150_000;
        await first.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "env_steps") > StepsBeforeKill), "node a stepping well past the second run's budget");
        first.KillHard();
        await first.WaitForExitAsync();

        // The node sees the learner go, is taken out by the split-brain resolver (it is on the side without
        // the learner), builds a new actor system and waits for the next learner at the same address.
        await a.WaitForAsync("joins again");
        var secondDir = _bed.RunDir + "-second";
        try
        {
            var second = _bed.Start("second learner", ClusterArgs.Learner(_bed.Seed, secondDir, 90, "--max-env-steps", "30000"));
            await second.WaitForAsync("node a joined");
            await second.ExpectExitAsync(0);
            var summary = second.JsonResult();
            Assert.Equal("max-env-steps", summary.GetProperty("stop_reason").GetString());

            // Counts are per run: the node's steps before the restart are not this run's. (The budget is
            // overshot by what a node steps between two of its statistics reports.)
            Assert.InRange(summary.GetProperty("env_steps").GetInt64(), 30000, StepsBeforeKill - 1);
            Assert.True(summary.GetProperty("transitions_inserted").GetInt64() > 0);
        }
        finally
        {
            if (Directory.Exists(secondDir))
            {
                Directory.Delete(secondDir, recursive: true);
            }
        }

        a.Terminate();
        await a.ExpectExitAsync(0);
        Assert.True(a.JsonResult().GetProperty("joins").GetInt32() >= 2);
    }

    [Fact]
    public async Task A_learner_restarted_with_resume_loads_its_checkpoint_and_running_nodes_take_its_weights()
    {
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        var first = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 90));
        await first.WaitUntilAsync(() => Row(r => Num(r, "updates") > 200), "some learning");
        first.Terminate();
        await first.ExpectExitAsync(0);
        var updatesSaved = first.JsonResult().GetProperty("updates").GetInt64();

        var second = _bed.Start("resumed learner", ["learner", "--listen", _bed.Seed, "--resume", _bed.RunDir, "--no-progress", "--json", "--max-seconds", "90"]);
        await second.WaitForAsync($"resuming {_bed.RunDir} at update {updatesSaved:N0}");
        await second.WaitForAsync("node a joined");
        await second.WaitUntilAsync(() => Row(r => Num(r, "updates") > updatesSaved + 100 && Num(r, "weights_version_lag_max") < Num(r, "weights_version") - updatesSaved), "node a acting with the resumed learner's weights");
        second.Terminate();
        await second.ExpectExitAsync(0);
        Assert.True(second.JsonResult().GetProperty("updates").GetInt64() > updatesSaved);

        // The resumed run appends to the same metrics.csv: one header, no file set aside.
        Assert.False(File.Exists(Path.Combine(_bed.RunDir, "metrics.before-resume-1.csv")));
        var lines = File.ReadAllLines(Path.Combine(_bed.RunDir, "metrics.csv"));
        Assert.Single(lines, l => l == lines[0]);

        a.Terminate();
        await a.ExpectExitAsync(0);
        Assert.True(a.JsonResult().GetProperty("weights_version").GetInt64() > updatesSaved, "the node took the resumed learner's newer weights");
    }

    [Fact]
    public async Task A_learner_killed_with_sigkill_and_resumed_from_its_periodic_checkpoint_is_rejoined_and_trains_on()
    {
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        var first = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 90, "--checkpoint-interval-seconds", "1"));
        var last = Path.Combine(_bed.RunDir, "checkpoint-last.bin");
        await first.WaitUntilAsync(() => Row(r => Num(r, "updates") > 300) && File.Exists(last), "learning and a periodic checkpoint");
        first.KillHard();
        await first.WaitForExitAsync();

        var second = _bed.Start("resumed learner", ["learner", "--listen", _bed.Seed, "--resume", _bed.RunDir, "--no-progress", "--json", "--max-seconds", "90"]);
        await second.WaitForAsync("learner resuming");
        await second.WaitForAsync("node a joined");
        var resumedAt = Num(MetricsFile.Last(_bed.RunDir), "updates");
        await second.WaitUntilAsync(() => Row(r => Num(r, "updates") > resumedAt + 100 && Num(r, "nodes") == 1 && Num(r, "weights_version_lag_max") < Num(r, "weights_version")), "node a rejoined and acting with the resumed learner's weights");
        second.Terminate();
        await second.ExpectExitAsync(0);
        Assert.True(second.JsonResult().GetProperty("updates").GetInt64() > 300, "the resumed learner continued from the checkpoint's updates, not from zero");
        a.Terminate();
        await a.ExpectExitAsync(0);
        Assert.True(a.JsonResult().GetProperty("joins").GetInt32() >= 2);
    }

    private bool Row(Func<IReadOnlyDictionary<string, string>, bool> condition) => MetricsFile.Last(_bed.RunDir) is { } row && condition(row);

    private static double Num(IReadOnlyDictionary<string, string>? row, string column) => MetricsFile.Number(row, column);

    private static double Rate(IReadOnlyDictionary<string, string> row, string node) => MetricsFile.NodeRate(row, node);
}
