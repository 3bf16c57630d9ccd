namespace Flock.Actors.Runtime;

/// <summary>Where an actor's message loop runs.</summary>
public enum ActorExecution
{
    /// <summary>On the thread pool: right for actors whose handlers are short or mostly wait.</summary>
    ThreadPool,

    /// <summary>
    /// On a thread of its own, for CPU-bound actors (environment actors, the learner) that would otherwise
    /// starve the thread pool. Awaits inside the handlers resume on that same thread.
    /// </summary>
    DedicatedThread,
}
