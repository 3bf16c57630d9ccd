using System.Text.Json;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

/// <summary>A learner and actor nodes as real <c>flockrl</c> processes on one broker, and the faults they must survive.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ClusterRunTests : IAsyncLifetime
{
    private ClusterTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await ClusterTestBed.CreateAsync("cluster");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [BrokerFact]
    public async Task A_learner_and_two_actor_node_processes_train_together_and_report_nodes_actors_and_rates()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Broker, _bed.RunDir, 60));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Broker, "a", "--actors", "2"));
        var b = _bed.Start("node b", ClusterArgs.Node(_bed.Broker, "b", "--actors", "1"));
        await learner.WaitForAsync("node a joined with 2 actors");
        await learner.WaitForAsync("node b joined with 1 actors");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 2 && Num(r, "node_actors") == 3 && Num(r, "updates") > 0
            && Rate(r, "a") > 0 && Rate(r, "b") > 0 && Num(r, "epsilon_max") > Num(r, "epsilon_min")
            && Num(r, "weights_version_lag_max") < Num(r, "weights_version")), "a metrics row with both nodes sending, acting with broadcast weights, and learning under way");

        learner.Terminate();
        Assert.Equal(0, await learner.WaitForExitAsync());
        var summary = learner.JsonResult();
        Assert.Equal("interrupted", summary.GetProperty("stop_reason").GetString());
        Assert.True(summary.GetProperty("env_steps").GetInt64() > 0, "actor statistics reach the learner's coordinator");
        Assert.True(summary.GetProperty("transitions_inserted").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(_bed.RunDir, "checkpoint.bin")));
        var config = await File.ReadAllTextAsync(Path.Combine(_bed.RunDir, "config.json"));
        Assert.DoesNotContain("guest:guest", config, StringComparison.Ordinal);
        Assert.DoesNotContain("guest:guest", learner.StdErr + a.StdErr + b.StdErr, StringComparison.Ordinal);

        a.Terminate();
        b.Terminate();
        Assert.Equal(0, await a.WaitForExitAsync());
        Assert.Equal(0, await b.WaitForExitAsync());
        var nodeA = a.JsonResult();
        Assert.Equal(2, nodeA.GetProperty("actors").GetInt32());
        Assert.True(nodeA.GetProperty("weights_version").GetInt64() > 0, "node a acts with the learner's broadcast weights");
        var ids = nodeA.GetProperty("actor_ids").EnumerateArray().Select(e => e.GetInt32())
            .Concat(b.JsonResult().GetProperty("actor_ids").EnumerateArray().Select(e => e.GetInt32())).ToList();
        Assert.Equal(3, ids.Distinct().Count());
    }

    [BrokerFact]
    public async Task An_actor_node_killed_with_sigkill_leaves_the_membership_and_the_learner_keeps_training()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Broker, _bed.RunDir, 90));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Broker, "a"));
        var b = _bed.Start("node b", ClusterArgs.Node(_bed.Broker, "b"));
        await learner.WaitForAsync("node a joined");
        await learner.WaitForAsync("node b joined");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 2 && Num(r, "updates") > 0), "learning with two nodes");

        a.KillHard();
        await a.WaitForExitAsync();
        var updatesAtKill = Num(MetricsFile.Last(_bed.RunDir), "updates");
        await learner.WaitForAsync("node a gone: no heartbeat for");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "node_actors") == 1 && Num(r, "updates") > updatesAtKill + 100
            && !r["node_transitions_per_second"].Contains("a=", StringComparison.Ordinal) && Rate(r, "b") > 0), "training going on with node b alone");

        learner.Terminate();
        Assert.Equal(0, await learner.WaitForExitAsync());
        Assert.Equal("interrupted", learner.JsonResult().GetProperty("stop_reason").GetString());
        b.Terminate();
        Assert.Equal(0, await b.WaitForExitAsync());
    }

    [BrokerFact]
    public async Task An_actor_node_started_mid_run_joins_gets_the_newest_weights_and_its_transitions_arrive()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Broker, _bed.RunDir, 90));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Broker, "a"));
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "weights_version") > 0), "learning with node a");
        var versionBeforeJoin = Num(MetricsFile.Last(_bed.RunDir), "weights_version");

        var b = _bed.Start("node b", ClusterArgs.Node(_bed.Broker, "b"));
        await learner.WaitForAsync("node b joined");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 2 && Rate(r, "b") > 0), "transitions from node b");

        b.Terminate();
        Assert.Equal(0, await b.WaitForExitAsync());
        var nodeB = b.JsonResult();
        Assert.True(nodeB.GetProperty("weights_version").GetInt64() >= versionBeforeJoin, $"node b acts with version {nodeB.GetProperty("weights_version")} < {versionBeforeJoin}, the newest when it joined");
        Assert.True(nodeB.GetProperty("transitions_sent").GetInt64() > 0);

        learner.Terminate();
        a.Terminate();
        Assert.Equal(0, await learner.WaitForExitAsync());
        Assert.Equal(0, await a.WaitForExitAsync());
    }

    [BrokerFact]
    public async Task Both_sides_reconnect_after_a_broker_restart_the_learner_keeps_its_replay_and_no_confirmed_transition_is_lost()
    {
        // A small samples-per-insert slack makes the learner the bottleneck, so batches wait in the queue
        // when the broker goes down: transient ones would be lost there.
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Broker, _bed.RunDir, 120, "--samples-per-insert-tolerance", "2000"));
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Broker, "a"));
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "replay_size") > 1000), "a filling replay");
        await WaitForQueuedBatchesAsync(learner);

        await TestBroker.RestartAsync(TimeSpan.FromSeconds(1));
        var before = MetricsFile.Last(_bed.RunDir);
        var (replayBefore, insertedBefore) = (Num(before, "replay_size"), Num(before, "transitions_inserted"));
        await learner.WaitForAsync("reconnected to broker");
        await a.WaitForAsync("reconnected to broker");
        await learner.WaitUntilAsync(() => Row(r => Num(r, "nodes") == 1 && Num(r, "transitions_inserted") > insertedBefore + 2000), "new transitions after the restart");
        Assert.All(MetricsFile.Rows(_bed.RunDir).SkipWhile(r => Num(r, "transitions_inserted") <= insertedBefore), r => Assert.True(Num(r, "replay_size") >= replayBefore));

        // Every batch the broker confirmed to the node reaches the learner, those queued across the restart
        // included (a batch whose confirm the restart swallowed is resent and may count twice, never zero times).
        a.Terminate();
        Assert.Equal(0, await a.WaitForExitAsync());
        var sent = a.JsonResult().GetProperty("transitions_sent").GetInt64();
        await learner.WaitUntilAsync(() => Row(r => Num(r, "transitions_inserted") >= sent), $"all {sent} transitions node a had confirmed inserted");
        learner.Terminate();
        Assert.Equal(0, await learner.WaitForExitAsync());
        Assert.True(learner.JsonResult().GetProperty("transitions_inserted").GetInt64() >= sent);
    }

    /// <summary>Waits until batches are ready in the transition queue, i.e. waiting for the learner.</summary>
    private async Task WaitForQueuedBatchesAsync(ClusterProcess learner)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await TestBroker.ReadyMessagesAsync(_bed.Vhost, Flock.Actors.Transport.ClusterTopology.TransitionQueue) < 10)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the transition queue never held 10 batches waiting for the learner.\n{learner}");
            }

            await Task.Delay(200);
        }
    }

    [BrokerFact]
    public async Task A_learner_restarted_with_resume_loads_its_checkpoint_and_running_nodes_take_its_weights()
    {
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Broker, "a"));
        var first = _bed.Start("learner", ClusterArgs.Learner(_bed.Broker, _bed.RunDir, 90));
        await first.WaitUntilAsync(() => Row(r => Num(r, "updates") > 200), "some learning");
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync());
        var updatesSaved = first.JsonResult().GetProperty("updates").GetInt64();

        var second = _bed.Start("resumed learner", ["learner", "--broker", _bed.Broker, "--resume", _bed.RunDir, "--no-progress", "--json", "--max-seconds", "90"]);
        await second.WaitForAsync($"resuming {_bed.RunDir} at update {updatesSaved:N0}");
        await second.WaitForAsync("node a is back");
        await second.WaitUntilAsync(() => Row(r => Num(r, "updates") > updatesSaved + 100 && Num(r, "weights_version_lag_max") < Num(r, "weights_version") - updatesSaved), "node a acting with the resumed learner's weights");
        second.Terminate();
        Assert.Equal(0, await second.WaitForExitAsync());
        Assert.True(second.JsonResult().GetProperty("updates").GetInt64() > updatesSaved);
        Assert.True(File.Exists(Path.Combine(_bed.RunDir, "metrics.before-resume-1.csv")));

        a.Terminate();
        Assert.Equal(0, await a.WaitForExitAsync());
        Assert.True(a.JsonResult().GetProperty("weights_version").GetInt64() > updatesSaved, "the node took the resumed learner's newer weights");
    }


    private bool Row(Func<IReadOnlyDictionary<string, string>, bool> condition) => MetricsFile.Last(_bed.RunDir) is { } row && condition(row);

    private static double Num(IReadOnlyDictionary<string, string>? row, string column) => MetricsFile.Number(row, column);

    /// <summary>The transitions/s a metrics row gives for one node, 0 when it is not listed.</summary>
    private static double Rate(IReadOnlyDictionary<string, string> row, string node) =>
        row["node_transitions_per_second"].Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .Where(p => p.Length == 2 && p[0] == node)
            .Select(p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
