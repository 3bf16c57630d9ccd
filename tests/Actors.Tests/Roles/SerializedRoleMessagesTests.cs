using Akka.Actor;
using Flock.Actors.Cluster;
using Flock.Actors.Roles;
using Flock.Actors.Tests.Support;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Tests.Roles;

/// <summary>
/// The role tests' actor system puts every message through the serializer a cluster would use
/// (<c>serialize-messages = on</c> with the cluster's bindings): a message that crosses between nodes arrives as a
/// decoded copy, one that cannot be encoded never arrives, and a local-only message arrives untouched.
/// </summary>
public sealed class SerializedRoleMessagesTests : FlockTestKit
{
    private static readonly Guid RunId = Guid.NewGuid();

    [Fact]
    public async Task A_crossing_message_arrives_as_a_decoded_copy_through_the_wire_format()
    {
        var sent = new RunMessage(RunId, new Heartbeat("n1", WireProtocol.Version, 1, 10, 3, 0, [4, 5], TransitionsLost: 1));
        TestActor.Tell(sent);

        var received = await ExpectMsgAsync<RunMessage>();
        Assert.NotSame(sent, received);
        Assert.Equal(RunId, received.RunId);
        var beat = Assert.IsType<Heartbeat>(received.Body);
        Assert.Equal(sent.Body, beat with { ActorIds = ((Heartbeat)sent.Body).ActorIds });
        Assert.Equal([4, 5], beat.ActorIds ?? []);
    }

    [Fact]
    public async Task A_message_the_wire_cannot_carry_is_never_delivered()
    {
        // A body the wire format has no type for: in a cluster this could not cross, so here it must not arrive.
        TestActor.Tell(new RunMessage(RunId, "not a wire body"));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_local_message_arrives_as_the_same_instance()
    {
        var local = new ReplayStatsReported(1, 2, 3, 4, 5);
        TestActor.Tell(local);
        Assert.Same(local, await ExpectMsgAsync<ReplayStatsReported>());
    }
}
