using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Hosting;

/// <summary>
/// Dead letters of one actor system, from Akka's dead-letter stream: counted per run (the first actor under
/// <c>/user</c>, a run's parent) for metrics.csv, and on the meter as <c>flock.messages.dropped</c>
/// (site <c>mailbox</c>, reason <c>actor_stopped</c>, the role of the recipient). Never a log line per message.
/// </summary>
public sealed class DeadLetterCounts : IExtension
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _perRun = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Every dead letter of the system.</summary>
    public long Total => Interlocked.Read(ref _total);

    public static DeadLetterCounts Get(ActorSystem system) => system.WithExtension<DeadLetterCounts, DeadLetterCountsProvider>();

    /// <summary>Dead letters to the actors under <c>/user/<paramref name="run"/></c>.</summary>
    public long For(string run) => _perRun.TryGetValue(run, out var count) ? Interlocked.Read(ref count.Value) : 0;

    internal void Add(ActorPath recipient)
    {
        Interlocked.Increment(ref _total);
        var elements = recipient.Elements;
        if (elements.Count >= 2 && elements[0] == "user")
        {
            Interlocked.Increment(ref _perRun.GetOrAdd(elements[1], static _ => new StrongBox<long>()).Value);
        }
    }
}

/// <summary>Akka's handle on <see cref="DeadLetterCounts"/>: one per actor system.</summary>
public sealed class DeadLetterCountsProvider : ExtensionIdProvider<DeadLetterCounts>
{
    public override DeadLetterCounts CreateExtension(ExtendedActorSystem system) => new();
}

/// <summary>Listens on the system's event stream for dead letters and counts them in <see cref="DeadLetterCounts"/>.</summary>
public sealed class DeadLetterCounter : ReceiveActor
{
    public DeadLetterCounter(DeadLetterCounts counts)
    {
        Receive<AllDeadLetters>(letter =>
        {
            counts.Add(letter.Recipient.Path);
            MessageLoss.Dropped(MessageLoss.Sites.Mailbox, MessageLoss.Reasons.ActorStopped, role: RoleOf(letter.Recipient.Path.Name));
        });
    }

    /// <summary>The role of an actor from its name: <c>env-3</c> → <c>env</c>.</summary>
    internal static string RoleOf(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash > 0 && dash < name.Length - 1 && name.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? name[..dash] : name;
    }
}
