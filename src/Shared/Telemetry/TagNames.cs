namespace Flock.Shared.Telemetry;

/// <summary>Keys of the tags (attributes) put on Flock metrics and spans, so every emitter spells them alike.</summary>
public static class TagNames
{
    /// <summary>Name of the actor system (one per process, or per test).</summary>
    public const string System = "flock.system";

    /// <summary>Unique name of the actor, e.g. <c>env-3</c>.</summary>
    public const string Actor = "flock.actor";

    /// <summary>Role the actor plays, e.g. <c>env</c>, <c>replay</c>, <c>learner</c>.</summary>
    public const string Role = "flock.role";

    /// <summary>Why something happened, e.g. why a message became a dead letter.</summary>
    public const string Reason = "flock.reason";
}
