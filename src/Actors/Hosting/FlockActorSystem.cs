using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Flock.Actors.Cli;
using Flock.Actors.Run;

namespace Flock.Actors.Hosting;

/// <summary>
/// Creates the actor systems Flock runs on: Akka.NET with Flock's logger (no banner, no INFO chatter, no
/// configuration dump), dead letters counted instead of logged one by one, a dedicated-thread dispatcher
/// for the compute-heavy roles, and coordinated-shutdown phases long enough for a run to write its checkpoint.
/// </summary>
public static class FlockActorSystem
{
    /// <summary>
    /// One thread of its own per actor (Akka's <c>PinnedDispatcher</c>), for the roles that compute for
    /// milliseconds per message: environment actors, the learner, the replay. On the shared thread pool they
    /// would hold workers the coordinator, timers and Ask replies need; on threads of their own the OS
    /// scheduler shares the cores fairly with them and with any other process.
    /// </summary>
    public const string DedicatedDispatcher = "flock-dedicated-dispatcher";

    /// <summary>
    /// The replay's dispatcher: by default the same kind as <see cref="DedicatedDispatcher"/>, a thread of its
    /// own. A dispatcher of its own so that it can be set apart (README, "Dispatchers").
    /// </summary>
    public const string ReplayDispatcher = "flock-replay-dispatcher";

    /// <summary>Environment variable with HOCON that goes over Flock's actor-system configuration (dispatchers, say).</summary>
    public const string ConfigVariable = "FLOCK_AKKA_CONFIG";

    /// <summary>
    /// The dispatchers and shutdown phases Flock's actors need, without the logging: what a test system
    /// (Akka.TestKit, with its own test logger) adds to its configuration.
    /// </summary>
    public static Config Runtime { get; } = ConfigurationFactory.ParseString($$"""
        akka.coordinated-shutdown {
          # The run's own stop (learner, producers, roles, checkpoint) happens in service-stop.
          phases.before-service-unbind.timeout = 20s
          phases.service-unbind.timeout = 20s
          phases.service-stop.timeout = 40s
          exit-clr = off
        }
        {{DedicatedDispatcher}} {
          type = PinnedDispatcher
          executor = dedicated-thread-pool
          throughput = 64
        }
        {{ReplayDispatcher}} = ${{{DedicatedDispatcher}}}
        """);

    /// <summary>
    /// The configuration every Flock actor system starts from: Flock's defaults, over them <paramref name="overrides"/>
    /// (a cluster node's remoting), and over both <paramref name="fromEnvironment"/> (the value of
    /// <see cref="ConfigVariable"/>), so a user can tune anything, the cluster's failure detector included.
    /// </summary>
    /// <exception cref="UsageException"><paramref name="fromEnvironment"/> is not valid HOCON.</exception>
    public static Config Configuration(string? overrides = null, string? fromEnvironment = null)
    {
        var flock = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = INFO
              stdout-loglevel = WARNING
              stdout-logger-class = "{{typeof(FlockStdoutLogger).AssemblyQualifiedName}}"
              log-config-on-start = off
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              loggers = ["{{typeof(FlockLogger).AssemblyQualifiedName}}"]
              logger-startup-timeout = 10s
            }
            """).WithFallback(Runtime);
        if (overrides is not null)
        {
            flock = ConfigurationFactory.ParseString(overrides).WithFallback(flock);
        }

        if (fromEnvironment is { Length: > 0 })
        {
            try
            {
                flock = ConfigurationFactory.ParseString(fromEnvironment).WithFallback(flock);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new UsageException($"{ConfigVariable} '{fromEnvironment}': not valid HOCON ({e.Message}); allowed: Akka.NET HOCON, e.g. 'flock-replay-dispatcher.throughput = 32'");
            }
        }

        return flock;
    }

    /// <summary>An actor system whose log lines (from <paramref name="minimumLevel"/> on, without stack traces) go to <paramref name="log"/>.</summary>
    /// <param name="name">The system's name.</param>
    /// <param name="log">Where its log lines go.</param>
    /// <param name="overrides">HOCON that goes over Flock's defaults (and under FLOCK_AKKA_CONFIG): a cluster node's remoting, say.</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    /// <param name="extraSetup">A further programmatic setup (a cluster node's TLS).</param>
    public static ActorSystem Create(string name, TextWriter log, string? overrides = null, FlockLogLevel minimumLevel = FlockLogLevel.Info, Setup? extraSetup = null) =>
        Create(name, new RunLog(log, minimumLevel: minimumLevel), overrides, extraSetup);

    /// <summary>An actor system whose log lines go to a run's log (the console and the run directory's run.log).</summary>
    /// <param name="name">The system's name.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="overrides">HOCON that goes over Flock's defaults (and under FLOCK_AKKA_CONFIG): a cluster node's remoting, say.</param>
    /// <param name="extraSetup">A further programmatic setup (a cluster node's TLS).</param>
    public static ActorSystem Create(string name, RunLog log, string? overrides = null, Setup? extraSetup = null)
    {
        var config = Configuration(overrides, Environment.GetEnvironmentVariable(ConfigVariable));
        var setup = BootstrapSetup.Create().WithConfig(config).And(new FlockLogSetup(log));
        if (extraSetup is not null)
        {
            setup = setup.And(extraSetup);
        }

        var system = ActorSystem.Create(name, setup);
        var counts = DeadLetterCounts.Get(system);
        var counter = system.ActorOf(Props.Create(() => new DeadLetterCounter(counts)), "flock-dead-letters");
        system.EventStream.Subscribe(counter, typeof(AllDeadLetters));
        return system;
    }
}
