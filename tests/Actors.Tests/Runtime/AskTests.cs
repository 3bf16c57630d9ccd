using Flock.Actors.Runtime;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class AskTests
{
    [Fact]
    public async Task Ask_returns_the_actors_reply()
    {
        await using var system = TestSystems.Create();
        var counter = system.Spawn("counter", () => new CounterActor());
        counter.Tell(new Add(2));
        counter.Tell(new Add(40));

        var count = await counter.AskAsync<int>(reply => new GetCount(reply), TestSystems.Patience);

        Assert.Equal(42, count);
    }

    [Fact]
    public async Task Ask_without_a_reply_times_out_naming_the_actor_and_the_message_type()
    {
        await using var system = TestSystems.Create();
        var silent = system.Spawn("silent", () => new CounterActor());

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => silent.AskAsync<int>(reply => new Ignored(reply), TimeSpan.FromMilliseconds(50)));

        Assert.Contains("'silent'", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Ignored), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Int32), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_of_a_stopped_actor_fails_at_once_instead_of_timing_out()
    {
        await using var system = TestSystems.Create();
        var counter = system.Spawn("gone", () => new CounterActor());
        Assert.True(await system.StopAsync(counter, TestSystems.Patience));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => counter.AskAsync<int>(reply => new GetCount(reply), TimeSpan.FromMinutes(5)));

        Assert.Contains("'gone'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, system.DeadLetters);
    }

    [Fact]
    public async Task An_actor_can_fail_an_ask()
    {
        await using var system = TestSystems.Create();
        var counter = system.Spawn("refuser", () => new CounterActor());

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => counter.AskAsync<int>(reply => new Refuse(reply), TestSystems.Patience));

        Assert.Equal("refused", error.Message);
    }

    private interface ICounterMessage;

    private sealed record Add(int Amount) : ICounterMessage;

    private sealed record GetCount(IReplyTo<int> ReplyTo) : ICounterMessage;

    private sealed record Ignored(IReplyTo<int> ReplyTo) : ICounterMessage;

    private sealed record Refuse(IReplyTo<int> ReplyTo) : ICounterMessage;

    private sealed class CounterActor : Actor<ICounterMessage>
    {
        private int _count;

        public override ValueTask ReceiveAsync(ICounterMessage message)
        {
            switch (message)
            {
                case Add add:
                    _count += add.Amount;
                    break;
                case GetCount get:
                    get.ReplyTo.Reply(_count);
                    break;
                case Refuse refuse:
                    refuse.ReplyTo.Fail(new ArgumentException("refused"));
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }
}
