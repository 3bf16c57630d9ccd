namespace Flock.Actors.Runtime;

/// <summary>What the runtime does when an actor throws from a handler, its factory or <c>PreStartAsync</c>.</summary>
public enum SupervisionStrategy
{
    /// <summary>Drop the failing message, wait a backoff, start a fresh instance on the same mailbox; escalate once the restart budget is spent.</summary>
    Restart,

    /// <summary>Escalate at the first failure: the actor stops and the whole system stops with a faulted completion (e.g. the learner).</summary>
    Escalate,
}
