using Flock.Actors.Runtime;
using Flock.Actors.Runtime.TestKit;
using Flock.Actors.Tests.Runtime.Support;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>The runtime's lost messages on the dropped and rejected counters, told apart by site, reason and role.</summary>
public sealed class MessageLossTests
{
    [Fact]
    public async Task Evicted_and_dead_letters_count_as_dropped_and_a_refused_tell_as_rejected()
    {
        // A role of this test alone: other tests lose messages on the same process-wide counters meanwhile.
        var role = $"loss-{Guid.NewGuid():N}";
        using var recorder = new MessageLossRecorder(l => l.Role == role);
        var probe = new TestProbe<object>();
        await using var system = TestSystems.Create();
        var newest = system.Spawn("newest", () => new ScriptActor(probe), new ActorOptions { Role = role, MailboxCapacity = 2, FullMode = MailboxFullMode.DropOldest });
        var bounded = system.Spawn("bounded", () => new ScriptActor(probe), new ActorOptions { Role = role, MailboxCapacity = 1 });
        var newestGate = new Gate();
        var boundedGate = new Gate();
        newest.Tell(newestGate.Block);
        bounded.Tell(boundedGate.Block);
        await newestGate.Entered.WaitAsync(TestSystems.Patience);
        await boundedGate.Entered.WaitAsync(TestSystems.Patience);

        for (var value = 1; value <= 5; value++)
        {
            Assert.True(newest.Tell(new Item(value)));
        }

        Assert.True(bounded.Tell(new Item(1)));
        Assert.False(bounded.Tell(new Item(2)));
        Assert.False(bounded.Tell(new Item(3)));
        newestGate.Open();
        boundedGate.Open();
        for (var handled = 0; handled < 3; handled++)
        {
            await probe.ExpectMsgAsync<Tagged>();
        }

        await system.StopAsync(bounded, TestSystems.Patience);
        bounded.Tell(new Item(4));

        Assert.Equal(3, recorder.Total(MetricNames.MessagesDropped, MessageLoss.Sites.Mailbox, MessageLoss.Reasons.DroppedOldest));
        Assert.Equal(2, recorder.Total(MetricNames.MessagesRejected, MessageLoss.Sites.Mailbox, MessageLoss.Reasons.MailboxFull));
        Assert.Equal(1, recorder.Total(MetricNames.MessagesDropped, MessageLoss.Sites.Mailbox, MessageLoss.Reasons.ActorStopped));
        Assert.Equal(6, recorder.Losses.Sum(l => l.Count));
        Assert.Equal(system.DeadLetters, recorder.Losses.Sum(l => l.Count));
    }
}
