namespace Flock.Actors.Runtime;

/// <summary>
/// Hosts actors in this process: spawns them, stops them, and turns an escalated failure into a stop of the
/// whole run. <see cref="Completion"/> is what a host awaits: it completes after a stop and faults with
/// <see cref="ActorEscalationException"/> when an actor escalated. Actors spawned on the system belong to its
/// <see cref="Root"/> scope; <see cref="CreateScope"/> adds groups of actors that stop and fail on their own
/// (see <see cref="ActorScope"/>).
/// </summary>
/// <example>
/// <code>
/// var system = new ActorSystem("flock");
/// var replay = system.Spawn("replay", () => new ReplayActor(), new ActorOptions { Role = "replay", MailboxCapacity = 64 });
/// await replay.TellAsync(batch);          // waits while the replay's mailbox is full
/// await system.StopAsync(TimeSpan.FromSeconds(10));
/// await system.Completion;                // throws ActorEscalationException if an actor escalated
/// </code>
/// </example>
public sealed class ActorSystem : IAsyncDisposable
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, IActorCell> _byName = new(StringComparer.Ordinal);
    private readonly List<IActorCell> _spawnOrder = [];
    private readonly List<ActorScope> _scopes = [];
    private readonly DeadLetterOffice _allDeadLetters;
    private Task? _stopping;

    public ActorSystem(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Options = options ?? ActorSystemOptions.Default;
        ArgumentNullException.ThrowIfNull(Options.Log, nameof(options));
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, nameof(options));
        _allDeadLetters = new DeadLetterOffice(name, Options.Log, Options.DeadLetterLogEvery, () => IsStopping);
        Root = new ActorScope(this, null, _allDeadLetters);
    }

    public string Name { get; }

    public ActorSystemOptions Options { get; }

    /// <summary>The scope of the actors spawned on the system itself; stopping it stops the system.</summary>
    public ActorScope Root { get; }

    /// <summary>Completes when the system has stopped; faults with <see cref="ActorEscalationException"/> when an actor of the root scope escalated.</summary>
    public Task Completion => Root.Completion;

    /// <summary>Messages that never reached their actor, over all actors and scopes since the system started.</summary>
    public long DeadLetters => _allDeadLetters.Total;

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

    /// <summary>Starts an actor whose constructor takes its context. Names are unique among the running actors.</summary>
    public IActorRef<TMessage> Spawn<TMessage>(string name, Func<IActorContext<TMessage>, Actor<TMessage>> factory, ActorOptions? options = null) =>
        Root.Spawn(name, factory, options);

    /// <summary>Starts an actor with a parameterless factory; it reaches its context from <c>PreStartAsync</c> on.</summary>
    public IActorRef<TMessage> Spawn<TMessage>(string name, Func<Actor<TMessage>> factory, ActorOptions? options = null) =>
        Root.Spawn(name, factory, options);

    /// <summary>
    /// A new scope: a group of actors named <c>name/…</c> that stops on its own and whose escalations stop
    /// only itself. Names are unique among the running scopes and may not contain '/'.
    /// </summary>
    public ActorScope CreateScope(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Scope name '{name}' must not contain '/': it separates the scope from the actor name.", nameof(name));
        }

        lock (_lock)
        {
            if (_stopping is not null)
            {
                throw new InvalidOperationException($"Actor system '{Name}' is stopping; scope '{name}' cannot be created.");
            }

            if (_scopes.Exists(s => s.Name == name))
            {
                throw new InvalidOperationException($"Actor system '{Name}' already has a scope named '{name}'.");
            }

            // The office asks the scope object itself, never the system's scope list under the system's lock:
            // Spawn holds the scope's lock while it registers with the system, so the other order would deadlock.
            ActorScope? scope = null;
            scope = new ActorScope(this, name, new DeadLetterOffice(Name, Options.Log, Options.DeadLetterLogEvery, () => IsStopping || scope!.IsStopping, _allDeadLetters));
            _scopes.Add(scope);
            return scope;
        }
    }

    /// <summary>A snapshot of a running actor (its full name, scope prefix included); null when none of that name runs.</summary>
    public ActorStatus? GetStatus(string name)
    {
        lock (_lock)
        {
            return _byName.TryGetValue(name, out var cell) ? cell.GetStatus() : null;
        }
    }

    /// <summary>Snapshots of all running actors of every scope, in spawn order.</summary>
    public IReadOnlyList<ActorStatus> GetStatuses()
    {
        lock (_lock)
        {
            return _spawnOrder.Select(cell => cell.GetStatus()).ToArray();
        }
    }

    /// <summary>
    /// Stops one actor gracefully: its mailbox takes no new messages, the queued ones are handled, then
    /// <c>PostStopAsync</c> runs. If that takes longer than <paramref name="timeout"/>, what is still queued goes
    /// to dead letters and the result is false. True as well when the actor was not running. An actor stops
    /// itself with <see cref="IActorContext{TMessage}.Stop"/> instead: awaiting this from its own handler would
    /// wait for itself until the timeout.
    /// </summary>
    public Task<bool> StopAsync<TMessage>(IActorRef<TMessage> actor, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(actor);
        IActorCell? cell;
        lock (_lock)
        {
            _byName.TryGetValue(actor.Name, out cell);
        }

        if (cell is not null && !ReferenceEquals(cell.SelfRef, actor))
        {
            throw new ArgumentException($"'{actor.Name}' is not an actor of system '{Name}'.", nameof(actor));
        }

        return cell is null ? Task.FromResult(true) : StopCellAsync(cell, timeout);
    }

    /// <summary>
    /// Stops every actor: first each scope (the newest first), then the root's actors, each scope one actor
    /// after the other in reverse spawn order (producers spawned last stop first, so their last messages still
    /// reach the consumers), each draining its mailbox, within <paramref name="timeout"/> overall; actors still
    /// busy then are aborted. Then <see cref="Completion"/> completes. Calling it again returns the same stop.
    /// From inside an actor, call it without awaiting it: the stop waits for that very actor.
    /// </summary>
    public Task StopAsync(TimeSpan timeout)
    {
        lock (_lock)
        {
            // Task.Run: the stop must not capture the synchronization context of an actor thread that calls it.
            return _stopping ??= Task.Run(() => StopAllAsync(timeout));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(DisposeTimeout).ConfigureAwait(false);

    internal void Register(IActorCell cell)
    {
        lock (_lock)
        {
            if (_byName.ContainsKey(cell.Name))
            {
                throw new InvalidOperationException($"Actor system '{Name}' already runs an actor named '{cell.Name}'.");
            }

            _byName.Add(cell.Name, cell);
            _spawnOrder.Add(cell);
        }
    }

    internal void Unregister(IActorCell cell)
    {
        lock (_lock)
        {
            if (_byName.TryGetValue(cell.Name, out var current) && ReferenceEquals(current, cell))
            {
                _byName.Remove(cell.Name);
            }

            _spawnOrder.Remove(cell);
        }

        RuntimeMetrics.Forget(cell);
    }

    /// <summary>A stopped scope gives its name back.</summary>
    internal void OnScopeStopped(ActorScope scope)
    {
        lock (_lock)
        {
            _scopes.Remove(scope);
        }
    }

    internal async Task<bool> StopCellAsync(IActorCell cell, TimeSpan timeout)
    {
        cell.RequestStop();
        if (await TerminatesWithinAsync(cell, timeout).ConfigureAwait(false))
        {
            return true;
        }

        cell.Abort();
        Options.Log.Write(
            ActorLogLevel.Warning,
            Name,
            $"actor '{cell.Name}' did not drain within {timeout.TotalSeconds:0.###} s; its queued messages go to dead letters");
        return false;
    }

    private async Task StopAllAsync(TimeSpan timeout)
    {
        var clock = Options.TimeProvider;
        var started = clock.GetTimestamp();
        ActorScope[] scopes;
        lock (_lock)
        {
            scopes = [.. _scopes];
        }

        for (var i = scopes.Length - 1; i >= 0; i--)
        {
            var left = timeout - clock.GetElapsedTime(started);
            await scopes[i].StopOwnActorsAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
        }

        var rest = timeout - clock.GetElapsedTime(started);
        await Root.StopOwnActorsAsync(rest > TimeSpan.Zero ? rest : TimeSpan.Zero).ConfigureAwait(false);
    }

    private async Task<bool> TerminatesWithinAsync(IActorCell cell, TimeSpan timeout)
    {
        try
        {
            await cell.Terminated.WaitAsync(timeout, Options.TimeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
