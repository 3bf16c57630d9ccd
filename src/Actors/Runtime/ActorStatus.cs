namespace Flock.Actors.Runtime;

/// <summary>A snapshot of one actor, e.g. for the coordinator's report.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Role">Role tag.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="MailboxDepth">Messages waiting.</param>
/// <param name="MailboxCapacity">Messages the mailbox holds.</param>
/// <param name="Processed">Messages handled without failure.</param>
/// <param name="DeadLetters">Messages meant for it that never reached it (stopped, full, evicted, tick dropped).</param>
/// <param name="Restarts">Restarts after failures.</param>
/// <param name="LastFailure">The latest failure, if any.</param>
public sealed record ActorStatus(
    string Name,
    string Role,
    ActorState State,
    int MailboxDepth,
    int MailboxCapacity,
    long Processed,
    long DeadLetters,
    int Restarts,
    Exception? LastFailure);
