namespace Flock.Actors.Runtime;

/// <summary>
/// A group of actors inside an <see cref="ActorSystem"/> that starts, stops and fails together, so several
/// runs (the trials of a sweep) can share one system: the names of its actors carry its name as a prefix
/// (<c>trial-3/replay</c>), <see cref="StopAsync(TimeSpan)"/> stops only its own actors (reverse spawn
/// order, draining), and an actor of the scope that escalates stops this scope alone and faults its
/// <see cref="Completion"/>; the system and its other scopes go on.
/// <para>
/// Every system has a <see cref="ActorSystem.Root"/> scope without a prefix: the actors spawned on the
/// system itself. Stopping the root, or an escalation in it, stops the whole system, as it always did.
/// </para>
/// </summary>
/// <example>
/// <code>
/// var trial = system.CreateScope("trial-3");
/// var replay = trial.Spawn("replay", () => new ReplayActor(), options);   // named "trial-3/replay"
/// await trial.StopAsync(TimeSpan.FromSeconds(10));
/// await trial.Completion;       // throws ActorEscalationException if one of its actors escalated
/// </code>
/// </example>
public sealed class ActorScope : IAsyncDisposable
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<IActorCell> _spawnOrder = [];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _stopping;
    private ActorEscalationException? _escalation;

    internal ActorScope(ActorSystem system, string? name, DeadLetterOffice deadLetters)
    {
        System = system;
        Name = name;
        DeadLetterOffice = deadLetters;
    }

    public ActorSystem System { get; }

    /// <summary>The scope's name; null for the system's root scope.</summary>
    public string? Name { get; }

    public bool IsRoot => Name is null;

    /// <summary>Completes when the scope has stopped; faults with <see cref="ActorEscalationException"/> when one of its actors escalated.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Messages to this scope's actors that never reached them (for the root scope: the whole system's, every scope included).</summary>
    public long DeadLetters => DeadLetterOffice.Total;

    public bool IsStopping
    {
        get
        {
            lock (_lock)
            {
                return _stopping is not null;
            }
        }
    }

    internal DeadLetterOffice DeadLetterOffice { get; }

    /// <summary>The name an actor spawned here as <paramref name="name"/> runs under in the system.</summary>
    public string QualifiedName(string name) => IsRoot ? name : $"{Name}/{name}";

    /// <summary>Starts an actor in this scope whose constructor takes its context.</summary>
    public IActorRef<TMessage> Spawn<TMessage>(string name, Func<IActorContext<TMessage>, Actor<TMessage>> factory, ActorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        options ??= ActorOptions.Default;
        options.Validate();
        ActorCell<TMessage> cell;
        lock (_lock)
        {
            // The root's own stop begins only after the other scopes have stopped; the system refuses new
            // actors from the moment its stop was asked for.
            if (_stopping is not null || (IsRoot && System.IsStopping))
            {
                throw new InvalidOperationException(IsRoot
                    ? $"Actor system '{System.Name}' is stopping; actor '{name}' cannot be spawned."
                    : $"Scope '{Name}' of actor system '{System.Name}' is stopping; actor '{name}' cannot be spawned.");
            }

            cell = new ActorCell<TMessage>(this, QualifiedName(name), factory, options, DeadLetterOffice);
            System.Register(cell);
            _spawnOrder.Add(cell);
        }

        RuntimeMetrics.Track(cell);
        cell.Start();
        return cell.Self;
    }

    /// <summary>Starts an actor in this scope with a parameterless factory.</summary>
    public IActorRef<TMessage> Spawn<TMessage>(string name, Func<Actor<TMessage>> factory, ActorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Spawn<TMessage>(name, _ => factory(), options);
    }

    /// <summary>Snapshots of this scope's running actors, in spawn order.</summary>
    public IReadOnlyList<ActorStatus> GetStatuses()
    {
        lock (_lock)
        {
            return _spawnOrder.Select(cell => cell.GetStatus()).ToArray();
        }
    }

    /// <summary>Stops one actor of the system gracefully (see <see cref="ActorSystem.StopAsync{TMessage}(IActorRef{TMessage}, TimeSpan)"/>).</summary>
    public Task<bool> StopAsync<TMessage>(IActorRef<TMessage> actor, TimeSpan timeout) => System.StopAsync(actor, timeout);

    /// <summary>
    /// Stops this scope's actors one after the other in reverse spawn order, each draining its mailbox, within
    /// <paramref name="timeout"/> overall; then <see cref="Completion"/> completes. Calling it again returns
    /// the same stop. For the root scope this is the stop of the whole system.
    /// </summary>
    public Task StopAsync(TimeSpan timeout) => IsRoot ? System.StopAsync(timeout) : StopOwnActorsAsync(timeout);

    public async ValueTask DisposeAsync() => await StopAsync(DisposeTimeout).ConfigureAwait(false);

    /// <summary>The scope's own stop; the system calls it for the root, after the other scopes.</summary>
    internal Task StopOwnActorsAsync(TimeSpan timeout)
    {
        lock (_lock)
        {
            // Task.Run: the stop must not capture the synchronization context of an actor thread that calls it.
            return _stopping ??= Task.Run(() => StopAllAsync(timeout));
        }
    }

    internal void OnTerminated(IActorCell cell)
    {
        lock (_lock)
        {
            _spawnOrder.Remove(cell);
        }

        System.Unregister(cell);
    }

    internal void OnEscalation(ActorEscalationException escalation)
    {
        lock (_lock)
        {
            _escalation ??= escalation;
        }

        var stopped = IsRoot ? $"actor system '{System.Name}'" : $"scope '{Name}' (the rest of actor system '{System.Name}' goes on)";
        System.Options.Log.Write(
            ActorLogLevel.Error,
            Name ?? System.Name,
            $"actor '{escalation.ActorName}' escalated after {escalation.Restarts} restart(s); last failure: " +
            $"{escalation.InnerException?.GetType().Name}: {escalation.InnerException?.Message}. Stopping {stopped}.",
            escalation.InnerException);
        _ = StopAsync(System.Options.EscalationStopTimeout);
    }

    private async Task StopAllAsync(TimeSpan timeout)
    {
        var clock = System.Options.TimeProvider;
        var started = clock.GetTimestamp();
        IActorCell[] cells;
        lock (_lock)
        {
            cells = [.. _spawnOrder];
        }

        var late = new List<string>();
        for (var i = cells.Length - 1; i >= 0; i--)
        {
            var left = timeout - clock.GetElapsedTime(started);
            if (!await System.StopCellAsync(cells[i], left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false))
            {
                late.Add(cells[i].Name);
            }
        }

        if (late.Count > 0)
        {
            System.Options.Log.Write(
                ActorLogLevel.Error,
                Name ?? System.Name,
                $"actors {string.Join(", ", late.Select(n => $"'{n}'"))} did not stop within {timeout.TotalSeconds:0.###} s; " +
                "their queued messages went to dead letters");
        }

        if (!IsRoot)
        {
            System.OnScopeStopped(this);
        }

        ActorEscalationException? escalation;
        lock (_lock)
        {
            escalation = _escalation;
        }

        if (escalation is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(escalation);
        }
    }
}
