using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Flock.Actors.Hosting;
using Flock.Actors.Run;

namespace Flock.Actors.Cluster;

/// <summary>
/// How one node takes part in the cluster, and the Akka.NET configuration that follows from it.
/// </summary>
/// <param name="Role">One of <see cref="ClusterRoles"/>.</param>
/// <param name="Listen">Where this node binds (<c>--listen</c>).</param>
/// <param name="PublicHost">The name other nodes reach this node by (<c>--public-host</c>); null: the listen host.</param>
/// <param name="Seed">The learner's address (<c>--join</c>); for the learner itself, its own.</param>
/// <param name="Tls">Certificate and trust for Akka.Remote; null: plain TCP (loopback, or <c>--insecure</c>).</param>
public sealed record ClusterNodeSettings(string Role, ClusterEndpoint Listen, string? PublicHost, ClusterEndpoint Seed, ClusterTls? Tls)
{
    /// <summary>
    /// Largest message Akka.Remote carries. Its default (128,000 B) silently drops anything bigger with an
    /// OversizedPayloadException in the log while the connection stays up; Flock's biggest messages are
    /// transition batches of pixel games (512 MinAtar transitions are 1.7 MB). Weight snapshots never come
    /// near it: they travel in <see cref="WeightsChunking.ChunkBytes"/> pieces.
    /// </summary>
    public const int MaximumFrameBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Production failure detection and downing. An unreachable actor node's actors leave the run at once;
    /// the split-brain resolver (keep-oldest on the learner role, never down-if-alone) downs it after
    /// <c>stable-after</c>, so a partition can only ever down actor nodes, never the learner. Tests shorten
    /// these through FLOCK_AKKA_CONFIG (<see cref="FlockActorSystem.ConfigVariable"/>).
    /// </summary>
    public const string FailureDetection = """
        akka.cluster.failure-detector {
          heartbeat-interval = 1s
          acceptable-heartbeat-pause = 3s
          threshold = 8.0
        }
        akka.cluster.split-brain-resolver.stable-after = 7s
        """;

    /// <summary>Akka.Remote's protocol in every node's address: TLS has a scheme of its own, and all nodes must agree.</summary>
    public string Protocol => Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    /// <summary>The learner's address, as the cluster knows it.</summary>
    public Akka.Actor.Address SeedAddress => new(Protocol, ClusterRoles.SystemName, Seed.Host, Seed.Port);

    /// <summary>
    /// The run's messages that cross between nodes and the serializer that carries them, Flock's wire format. The
    /// role tests run under these bindings with <c>serialize-messages = on</c>, so every such message a role sends
    /// there goes through the wire codec and back.
    /// </summary>
    public static string Serialization { get; } = SerializationHocon();

    /// <summary>This node's Akka.NET configuration (before FLOCK_AKKA_CONFIG, which goes over it).</summary>
    public string Hocon()
    {
        var seed = SeedAddress.ToString();
        var publicHost = PublicHost ?? Listen.Host;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {{Serialization}}
            akka {
              actor {
                provider = cluster
                # In place of Akka's JSON fallback: a type nobody bound is refused, never serialized by reflection.
                serialization-bindings { "System.Object" = flock }
              }
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = "{{Listen.Host}}"
                  port = {{Listen.Port}}
                  public-hostname = "{{publicHost}}"
                  maximum-frame-size = {{MaximumFrameBytes}}b
                  send-buffer-size = {{2 * MaximumFrameBytes}}b
                  receive-buffer-size = {{2 * MaximumFrameBytes}}b
                  enable-ssl = {{(Tls is null ? "false" : "true")}}
                }
              }
              cluster {
                roles = ["{{Role}}"]
                seed-nodes = ["{{seed}}"]
                log-info = off
                log-info-verbose = off
                run-coordinated-shutdown-when-down = on
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-oldest
                  keep-oldest {
                    down-if-alone = off
                    role = "{{ClusterRoles.Learner}}"
                  }
                }
                # An actor node keeps trying to reach the learner until it is stopped.
                shutdown-after-unsuccessful-join-seed-nodes = off
              }
            }
            {{FailureDetection}}
            """);
    }

    /// <summary>A clustered actor system for this node, with Flock's logging and the TLS setup when there is one.</summary>
    public ActorSystem CreateSystem(TextWriter log) =>
        FlockActorSystem.Create(ClusterRoles.SystemName, log, Hocon(), extraSetup: Tls?.Setup());

    /// <summary>A clustered actor system for this node whose log is a run's (the console and the run directory's run.log).</summary>
    public ActorSystem CreateSystem(RunLog log) =>
        FlockActorSystem.Create(ClusterRoles.SystemName, log, Hocon(), Tls?.Setup());

    private static string SerializationHocon()
    {
        var assembly = typeof(FlockWireSerializer).Assembly.GetName().Name;
        return $$"""
            akka.actor {
              serializers.flock = "{{typeof(FlockWireSerializer).FullName}}, {{assembly}}"
              serialization-identifiers { "{{typeof(FlockWireSerializer).FullName}}, {{assembly}}" = {{FlockWireSerializer.Id}} }
              serialization-bindings {
                "{{typeof(RunMessage).FullName}}, {{assembly}}" = flock
                "{{typeof(Roles.InsertAcknowledged).FullName}}, {{assembly}}" = flock
              }
            }
            """;
    }
}
