using Flock.Actors.Cluster;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

/// <summary>A joined node that sends mutated bytes, well-formed misfits and another run's batches, against a real learner process.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GarbageAndProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClusterTestBed _bed = ClusterTestBed.Create("garbage");

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes a test class through IAsyncLifetime (it does not look for IAsyncDisposable): the processes must not outlive the test.
    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Mutated_payloads_misfits_and_another_runs_batches_are_dropped_counted_logged_once_and_the_learner_keeps_training()
    {
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 120));
        var node = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a"));
        await learner.WaitUntilAsync(() => MetricsFile.Number(MetricsFile.Last(_bed.RunDir), "updates") > 20, "learning with node a");

        await using var rogue = await RogueNode.JoinAsync(_bed.Seed, Patience);
        var (runId, gateway, ids) = await rogue.HelloAsync(_bed.Seed, "rogue", Patience);
        const int Mutated = 3000;
        for (var i = 0; i < Mutated; i++)
        {
            rogue.Send(gateway, new RunMessage(runId, RogueNode.CartPoleBatch(ids[0], RogueNode.MutatedRows)));
        }

        // Well formed, but not this run's shapes or actions; and a batch of another run.
        rogue.Send(gateway, new RunMessage(runId, RogueNode.CartPoleBatch(ids[0], 8, obsDim: 6) with { Actions = new int[8] }));
        rogue.Send(gateway, new RunMessage(runId, RogueNode.CartPoleBatch(ids[0], 8, action: 7)));
        rogue.Send(gateway, new RunMessage(Guid.NewGuid(), RogueNode.CartPoleBatch(ids[0], 8)));

        var before = MetricsFile.Number(MetricsFile.Last(_bed.RunDir), "updates");
        await learner.WaitUntilAsync(() => MetricsFile.Last(_bed.RunDir) is { } row
            && MetricsFile.Number(row, "garbage_messages") >= 1000 && MetricsFile.Number(row, "updates") > before + 200, "the garbage counted and learning going on after it", Patience);

        learner.Terminate();
        await learner.ExpectExitAsync(0);
        var summary = learner.JsonResult();
        Assert.Equal("interrupted", summary.GetProperty("stop_reason").GetString());
        Assert.Null(summary.GetProperty("error").GetString());

        // One line for the gateway's drops from that node (not one per message), none with a stack trace.
        Assert.True(1 == Count(learner.StdErr, "dropped a TransitionBatch from akka.tcp://flock@127.0.0.1:"), learner.ToString());
        Assert.True(Count(learner.StdErr, "\n") < 60, $"the learner's log grew with the garbage:\n{learner.StdErr}");
        Assert.DoesNotContain("   at ", learner.StdErr, StringComparison.Ordinal);
        node.Terminate();
        await node.ExpectExitAsync(0);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
