using System.Buffers;
using Akka.Actor;
using Akka.Serialization;
using Flock.Actors.Cluster;
using Flock.Actors.Hosting;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// A node that joins a learner's cluster from the test process and misbehaves: it speaks with Flock's
/// serializer id, so the learner decodes what it sends with Flock's own serializer, but every
/// <see cref="TransitionBatch"/> of <see cref="MutatedRows"/> rows it sends is first encoded correctly and then
/// mutated (bit flips, truncation, garbage), i.e. correctly framed Akka messages that Akka's transport does
/// not drop by itself. Batches of any other size leave intact (the well-formed misfits).
/// </summary>
public sealed class RogueNode : IAsyncDisposable
{
    /// <summary>Batches of this many rows are the ones mutated on the way out.</summary>
    public const int MutatedRows = 64;

    private readonly ActorSystem _system;

    // Where the learner's acknowledgements go: a remote sender the gateway can name in its log.
    private readonly IActorRef _sink;

    private RogueNode(ActorSystem system)
    {
        _system = system;
        _sink = system.ActorOf(Props.Create(() => new Sink()), "sink");
    }

    /// <summary>Joins the cluster at <paramref name="seed"/> and waits until it is a member.</summary>
    public static async Task<RogueNode> JoinAsync(string seed, TimeSpan timeout)
    {
        var endpoint = ClusterEndpoint.Parse("--join", seed, ClusterEndpoint.DefaultPort, allowAnyPort: false);
        var settings = new ClusterNodeSettings(ClusterRoles.Actors, new ClusterEndpoint("127.0.0.1", 0), null, endpoint, null);
        var mutating = $$"""
            akka.actor.serializers.flock = "{{typeof(MutatingSerializer).FullName}}, {{typeof(MutatingSerializer).Assembly.GetName().Name}}"
            akka.actor.serialization-identifiers { "{{typeof(MutatingSerializer).FullName}}, {{typeof(MutatingSerializer).Assembly.GetName().Name}}" = {{FlockWireSerializer.Id}} }
            """;
        var system = FlockActorSystem.Create(ClusterRoles.SystemName, TextWriter.Null, settings.Hocon() + "\n" + mutating);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(timeout);
        return new RogueNode(system);
    }

    /// <summary>Says hello as <paramref name="name"/> (not mutated) and returns the run id and actor ids the learner granted.</summary>
    public async Task<(Guid RunId, IActorRef Gateway, int[] ActorIds)> HelloAsync(string seed, string name, TimeSpan timeout)
    {
        var gateway = _system.ActorSelection($"akka.tcp://{ClusterRoles.SystemName}@{seed}{ClusterRoles.GatewayPath}");
        var reply = await gateway.Ask<RunMessage>(new RunMessage(Guid.Empty, new Hello(name, WireProtocol.Version, 1, 1)), timeout);
        var grant = Assert.IsType<JoinGrant>(reply.Body);
        var resolved = await gateway.ResolveOne(timeout);
        return (reply.RunId, resolved, grant.ActorIds);
    }

    /// <summary>Sends a message to <paramref name="target"/> from an actor of this node that ignores the acknowledgements.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, _sink);

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        _system.Dispose();
    }

    private sealed class Sink : UntypedActor
    {
        protected override void OnReceive(object message)
        {
        }
    }

    /// <summary>Flock's serializer, except that transition batches leave mutated.</summary>
    public sealed class MutatingSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        private readonly FlockWireSerializer _real = new(system);
        private readonly Random _random = new(17);

        public override int Identifier => FlockWireSerializer.Id;

        public override string Manifest(object o) => _real.Manifest(o);

        public override byte[] ToBinary(object obj)
        {
            var bytes = _real.ToBinary(obj);
            if (obj is not RunMessage { Body: TransitionBatch { Count: MutatedRows } })
            {
                return bytes;
            }

            lock (_random)
            {
                switch (_random.Next(4))
                {
                    case 0:
                        for (var i = 0; i < 1 + _random.Next(8); i++)
                        {
                            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
                        }

                        return bytes;
                    case 1:
                        return bytes[..(_random.Next(bytes.Length))];
                    case 2:
                        var garbage = new byte[_random.Next(1, 4096)];
                        _random.NextBytes(garbage);
                        return garbage;
                    default:
                        // A length field near the front made huge: the decoder must refuse before allocating.
                        var at = _random.Next(Math.Min(64, bytes.Length - 4));
                        bytes[at] = 0xce;
                        bytes[at + 1] = 0x7f;
                        return bytes;
                }
            }
        }

        public override object FromBinary(byte[] bytes, string manifest) => _real.FromBinary(bytes, manifest);
    }

    /// <summary>A CartPole-shaped batch (ObsDim 4, actions 0/1) with <paramref name="count"/> rows.</summary>
    public static TransitionBatch CartPoleBatch(int actorId, int count, int obsDim = 4, int action = 1)
    {
        var batch = TransitionBatch.Allocate(actorId, count, obsDim) with { Count = count };
        batch.Discounts.AsSpan().Fill(0.99f);
        batch.Actions.AsSpan().Fill(action);
        batch.InitialPriorities.AsSpan().Fill(-1f);
        return batch;
    }
}
