namespace Flock.Actors.Runtime;

/// <summary>Severity of a runtime log line, lowest first.</summary>
public enum ActorLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
