namespace Flock.Actors.Runtime;

/// <summary>How one actor is run: its mailbox, its thread, its supervision and the role it reports metrics under.</summary>
public sealed record ActorOptions
{
    /// <summary>Messages the mailbox holds before <see cref="FullMode"/> applies.</summary>
    public int MailboxCapacity { get; init; } = 1024;

    public MailboxFullMode FullMode { get; init; } = MailboxFullMode.Wait;

    public ActorExecution Execution { get; init; } = ActorExecution.ThreadPool;

    public SupervisionOptions Supervision { get; init; } = SupervisionOptions.Default;

    /// <summary>Role tag on the actor's metrics (e.g. <c>env</c> for every environment actor); the actor's name when null.</summary>
    public string? Role { get; init; }

    /// <summary>Capacity 1024, backpressure, thread pool, default supervision.</summary>
    public static ActorOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MailboxCapacity, 1, nameof(MailboxCapacity));
        if (!Enum.IsDefined(FullMode))
        {
            throw new ArgumentOutOfRangeException(nameof(FullMode), FullMode, "Unknown mailbox full mode.");
        }

        if (!Enum.IsDefined(Execution))
        {
            throw new ArgumentOutOfRangeException(nameof(Execution), Execution, "Unknown execution.");
        }

        ArgumentNullException.ThrowIfNull(Supervision, nameof(Supervision));
        Supervision.Validate();
    }
}
