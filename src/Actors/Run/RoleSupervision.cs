namespace Flock.Actors.Run;

/// <summary>
/// What a run does when one of its roles throws: restart that actor alone (a fresh instance on the same
/// mailbox) up to <paramref name="MaxRestarts"/> times within <paramref name="Window"/>; one failure more,
/// or any failure of a role allowed none, stops the run with that failure as its error.
/// </summary>
public sealed record RoleSupervision(int MaxRestarts, TimeSpan Window)
{
    /// <summary>Any failure stops the run (the learner, the replay, the coordinator: the run cannot go on without them).</summary>
    public static RoleSupervision StopsTheRun { get; } = new(0, TimeSpan.FromMinutes(1));

    /// <summary>Restarts 10 times a minute, then stops the run.</summary>
    public static RoleSupervision Default { get; } = new(10, TimeSpan.FromMinutes(1));
}

/// <summary>A role's failure that stopped its run: <c>learner failed: …</c>.</summary>
public sealed class RoleFailedException(string actor, int restarts, Exception cause)
    : Exception($"{actor} failed: {cause.Message}", cause)
{
    /// <summary>The actor's name within its run (<c>learner</c>, <c>env-3</c>).</summary>
    public string ActorName { get; } = actor;

    /// <summary>Restarts before the failure that stopped the run.</summary>
    public int Restarts { get; } = restarts;
}

/// <summary>One role of a run as the coordinator reports it.</summary>
public sealed record RoleStatus(string Name, string Role, int MailboxDepth);
