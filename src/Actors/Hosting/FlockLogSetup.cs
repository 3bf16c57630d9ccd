using Akka.Actor.Setup;

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
    /// <param name="writer">The run's log (standard error in the CLI).</param>
    /// <param name="minimumLevel">Lines below this level are not written.</param>
    public FlockLogSetup(TextWriter writer, FlockLogLevel minimumLevel)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Writer = writer;
        MinimumLevel = minimumLevel;
    }

    public TextWriter Writer { get; }

    public FlockLogLevel MinimumLevel { get; }
}
