using Akka.Event;

namespace Flock.Actors.Hosting;

/// <summary>
/// Akka.NET's "very basic logger" of start-up and shutdown (<c>akka.stdout-logger-class</c>), used before
/// <see cref="FlockLogger"/> starts and after it stops. Akka's own one prints INFO lines such as
/// "Remoting shut down." to standard output, where they would corrupt a command's <c>--json</c> line; this
/// one writes warnings and errors to standard error only.
/// </summary>
public sealed class FlockStdoutLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        if (message is LogEvent e && e.LogLevel() is LogLevel.WarningLevel or LogLevel.ErrorLevel)
        {
            Console.Error.WriteLine($"{e.Timestamp:HH:mm:ss.fff} {(e.LogLevel() == LogLevel.ErrorLevel ? "ERROR" : "WARN ")} [{e.LogSource}] {e.Message}");
        }
    }
}
