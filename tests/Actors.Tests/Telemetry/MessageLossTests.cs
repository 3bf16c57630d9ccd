using Akka.Actor;
using Flock.Actors.Hosting;
using Flock.Actors.Run;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

/// <summary>Dead letters come from Akka.NET's dead-letter stream: counted per run and as dropped messages, never logged one by one.</summary>
public sealed class MessageLossTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private sealed class Sink : UntypedActor
    {
        protected override void OnReceive(object message)
        {
        }
    }

    [Fact]
    public async Task Messages_to_a_stopped_actor_are_counted_for_its_run_and_as_dropped_and_nothing_is_logged()
    {
        // A role of this test alone: other tests lose messages on the same process-wide counter meanwhile.
        var role = $"loss{Guid.NewGuid():N}";
        using var recorder = new MessageLossRecorder(l => l.Role == role);
        var log = new StringWriter();
        using var system = FlockActorSystem.Create("loss-test", TextWriter.Synchronized(log));
        var run = RunActors.Start(system, "run", ownsSystem: true);
        var other = RunActors.Start(system, "other", ownsSystem: false);
        var target = await run.SpawnAsync($"{role}-7", role, Props.Create(() => new Sink()), RoleSupervision.StopsTheRun);
        await run.StopAllAsync(Patience);

        for (var i = 0; i < 5; i++)
        {
            target.Tell(i);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (recorder.Total(MetricNames.MessagesDropped, MessageLoss.Sites.Mailbox, MessageLoss.Reasons.ActorStopped) < 5 && waited.Elapsed < Patience)
        {
            await Task.Delay(20);
        }

        Assert.Equal(5, recorder.Total(MetricNames.MessagesDropped, MessageLoss.Sites.Mailbox, MessageLoss.Reasons.ActorStopped));
        Assert.Equal(5, run.DeadLetters);
        Assert.Equal(0, other.DeadLetters);
        await system.Terminate();

        // No banner, no configuration dump, no Akka INFO line, no line per dead letter: a quiet system prints nothing.
        Assert.Equal("", log.ToString());
    }
}
