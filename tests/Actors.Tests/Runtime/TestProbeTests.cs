using Flock.Actors.Runtime.TestKit;

namespace Flock.Actors.Tests.Runtime;

public sealed class TestProbeTests
{
    [Fact]
    public async Task ExpectNoMsg_fails_naming_the_message_that_arrived()
    {
        var probe = new TestProbe<object>("watcher");
        probe.Tell(new Unexpected(7));

        var error = await Assert.ThrowsAsync<ProbeExpectationException>(() => probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50)));

        Assert.Contains("'watcher'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unexpected { Value = 7 }", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectNoMsg_passes_when_nothing_arrives()
    {
        var probe = new TestProbe<object>();

        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task ExpectMsg_of_another_type_fails_naming_what_arrived_instead()
    {
        var probe = new TestProbe<object>();
        probe.Tell("hello");

        var error = await Assert.ThrowsAsync<ProbeExpectationException>(() => probe.ExpectMsgAsync<Unexpected>());

        Assert.Contains("expected a Unexpected", error.Message, StringComparison.Ordinal);
        Assert.Contains("received String hello", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsg_fails_when_nothing_arrives_in_time()
    {
        var probe = new TestProbe<object>();

        var error = await Assert.ThrowsAsync<ProbeExpectationException>(() => probe.ExpectMsgAsync<Unexpected>(TimeSpan.FromMilliseconds(20)));

        Assert.Contains("no message arrived", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsg_returns_the_messages_in_the_order_they_were_told()
    {
        var probe = new TestProbe<int>();
        probe.Tell(1);
        await probe.TellAsync(2);

        Assert.Equal(1, await probe.ExpectMsgAsync<int>());
        Assert.Equal(2, await probe.ExpectMsgAsync<int>(n => n == 2, "a two"));
        Assert.Equal(0, probe.Pending);
    }

    private sealed record Unexpected(int Value);
}
