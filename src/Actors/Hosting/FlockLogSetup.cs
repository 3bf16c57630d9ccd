using Akka.Actor.Setup;
using Flock.Actors.Run;

namespace Flock.Actors.Hosting;

/// <summary>Levels of Flock's log lines, lowest first.</summary>
public enum FlockLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>Where an actor system's log goes: handed to <see cref="FlockLogger"/> through the system's setup.</summary>
public sealed class FlockLogSetup : Setup
{
    /// <param name="log">The run's log (standard error in the CLI, and the run directory's run.log).</param>
    public FlockLogSetup(RunLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        Log = log;
    }

    public RunLog Log { get; }
}
