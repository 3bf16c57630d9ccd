using Akka.Actor;
using Akka.Event;

namespace Flock.Actors.Hosting;

/// <summary>
/// A log adapter on an actor system's event stream under a name of Flock's choosing (<c>env-0</c>,
/// <c>trial-3/learner</c>), for lines about an actor written by its supervisor or by a run. Its class is a
/// Flock type, so <see cref="FlockLogger"/> keeps its info lines (it leaves out Akka.NET's own).
/// </summary>
public static class FlockLog
{
    public static ILoggingAdapter For(ActorSystem system, string source) =>
        new BusLogging(system.EventStream, source, typeof(FlockLog), DefaultLogMessageFormatter.Instance);
}
