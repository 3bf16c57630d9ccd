using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Flock.Actors.Run;

namespace Flock.Actors.Hosting;

/// <summary>
/// Akka.NET's logger for Flock: every log event of the system (Flock's roles and Akka's own) becomes one line of
/// the <see cref="RunLog"/> of the system's <see cref="FlockLogSetup"/>
/// (standard error when there is none). Akka.NET's own debug and info
/// events (start-up, coordinated-shutdown steps) are left out: a normal run prints only Flock's lines.
/// Named in <c>akka.loggers</c>.
/// </summary>
public sealed class FlockLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly RunLog _log;
    private readonly HashSet<string> _remoteSources = new(StringComparer.Ordinal);

    public FlockLogger()
    {
        var setup = Context.System.Settings.Setup.Get<FlockLogSetup>();
        _log = setup.HasValue ? setup.Value.Log : new RunLog(Console.Error);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Error>(e => Write(FlockLogLevel.Error, e));
        Receive<Warning>(e => Write(FlockLogLevel.Warning, e));
        Receive<Info>(e => Write(FlockLogLevel.Info, e));
        Receive<Debug>(e => Write(FlockLogLevel.Debug, e));
    }

    private void Write(FlockLogLevel level, LogEvent e)
    {
        if (!_log.IsEnabled(level) || (level < FlockLogLevel.Warning && IsAkkaChatter(e)))
        {
            return;
        }

        var message = e.Message?.ToString() ?? "";
        var cause = e.Cause;
        if (IsRemotePlumbing(e.LogSource))
        {
            // Akka.Remote reports every connection that closes (a node leaving, a node killed) at WARNING and
            // ERROR with stack traces, and every undecodable message it drops. The membership already says
            // which node went; here one line per connection is enough, and none for an orderly goodbye.
            if (cause?.GetType().Name is "EndpointDisassociatedException" or "ShutDownAssociation" || message.Contains("Disassociated", StringComparison.Ordinal) || !_remoteSources.Add(e.LogSource))
            {
                return;
            }

            message = message.Split('\n')[0].Split(" Reason is: ")[0] + " (further ones from this connection are not logged)";
            cause = null;
        }

        _log.Write(e.Timestamp, level, Source(e.LogSource), message, cause);
    }

    /// <summary>Akka.Remote's connections and the cluster's join retries: Flock says the same in its own words (a node waiting for its learner, a node gone).</summary>
    private static bool IsRemotePlumbing(string source) =>
        source.StartsWith("remoting", StringComparison.Ordinal) || source.Contains("/system/endpointManager/", StringComparison.Ordinal) || source.Contains("/system/transports/", StringComparison.Ordinal)
        || source.Contains("/system/cluster/core/daemon/joinSeedNodeProcess", StringComparison.Ordinal);

    private static bool IsAkkaChatter(LogEvent e) => e.LogClass?.Namespace?.StartsWith("Akka", StringComparison.Ordinal) == true;

    /// <summary>
    /// The actor's own name (<c>env-0</c>) rather than its full path (<c>akka://flock/user/run/env-0</c>), and a
    /// named source without the system Akka appends to it (<c>learner (akka://flock)</c>).
    /// </summary>
    private static string Source(string source)
    {
        var path = source.Split('#')[0].TrimEnd('/');
        if (path.Contains("/user/", StringComparison.Ordinal))
        {
            return path[(path.LastIndexOf('/') + 1)..];
        }

        var system = path.IndexOf(" (akka", StringComparison.Ordinal);
        return system > 0 ? path[..system] : path;
    }
}
