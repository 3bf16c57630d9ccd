namespace Flock.Actors.Runtime;

/// <summary>
/// Faults <see cref="ActorSystem.Completion"/> when an actor failed beyond what its supervision allows: it names
/// the actor, how often it had been restarted, and carries the last failure as the inner exception.
/// </summary>
public sealed class ActorEscalationException : Exception
{
    public ActorEscalationException(string actorName, int restarts, Exception lastFailure)
        : base(
            $"Actor '{actorName}' failed and escalated after {restarts} restart(s): " +
            $"{lastFailure?.GetType().Name}: {lastFailure?.Message}",
            lastFailure)
    {
        ArgumentException.ThrowIfNullOrEmpty(actorName);
        ArgumentNullException.ThrowIfNull(lastFailure);
        ActorName = actorName;
        Restarts = restarts;
    }

    public string ActorName { get; }

    public int Restarts { get; }
}
