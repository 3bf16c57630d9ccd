namespace Flock.Actors.Runtime;

/// <summary>
/// Hosts actors in this process: spawns them, stops them, and turns an escalated failure into a stop of the
/// whole run. <see cref="Completion"/> is what a host awaits: it completes after a stop and faults with
/// <see cref="ActorEscalationException"/> when an actor escalated.
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
    private readonly List<IActorCell> _spawnOrder = [];
    private readonly Dictionary<string, IActorCell> _byName = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DeadLetterOffice _deadLetterOffice;
    private Task? _stopping;
    private ActorEscalationException? _escalation;

    public ActorSystem(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Options = options ?? ActorSystemOptions.Default;
        ArgumentNullException.ThrowIfNull(Options.Log, nameof(options));
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, nameof(options));
        _deadLetterOffice = new DeadLetterOffice(name, Options.Log, Options.DeadLetterLogEvery, () => IsStopping);
    }

    public string Name { get; }

    public ActorSystemOptions Options { get; }

    /// <summary>Completes when the system has stopped; faults with <see cref="ActorEscalationException"/> when an actor escalated.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Messages that never reached their actor, over all actors since the system started.</summary>
    public long DeadLetters => _deadLetterOffice.Total;

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
    public IActorRef<TMessage> Spawn<TMessage>(string name, Func<IActorContext<TMessage>, Actor<TMessage>> factory, ActorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        options ??= ActorOptions.Default;
        options.Validate();

        ActorCell<TMessage> cell;
        lock (_lock)
        {
            if (_stopping is not null)
            {
                throw new InvalidOperationException($"Actor system '{Name}' is stopping; actor '{name}' cannot be spawned.");
            }

            if (_byName.ContainsKey(name))
            {
                throw new InvalidOperationException($"Actor system '{Name}' already runs an actor named '{name}'.");
            }

            cell = new ActorCell<TMessage>(this, name, factory, options, _deadLetterOffice);
            _byName.Add(name, cell);
            _spawnOrder.Add(cell);
        }

        RuntimeMetrics.Track(cell);
        cell.Start();
        return cell.Self;
    }

    /// <summary>Starts an actor with a parameterless factory; it reaches its context from <c>PreStartAsync</c> on.</summary>
    public IActorRef<TMessage> Spawn<TMessage>(string name, Func<Actor<TMessage>> factory, ActorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Spawn<TMessage>(name, _ => factory(), options);
    }

    /// <summary>A snapshot of a running actor; null when none of that name runs.</summary>
    public ActorStatus? GetStatus(string name)
    {
        lock (_lock)
        {
            return _byName.TryGetValue(name, out var cell) ? cell.GetStatus() : null;
        }
    }

    /// <summary>Snapshots of all running actors, in spawn order.</summary>
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
    /// Stops every actor, one after the other in reverse spawn order (producers spawned last stop first, so
    /// their last messages still reach the consumers), each draining its mailbox, within
    /// <paramref name="timeout"/> overall; actors still busy then are aborted. Then <see cref="Completion"/>
    /// completes. Calling it again returns the same stop. From inside an actor, call it without awaiting it:
    /// the stop waits for that very actor.
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

    internal void OnTerminated(IActorCell cell)
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

    internal void OnEscalation(ActorEscalationException escalation)
    {
        lock (_lock)
        {
            _escalation ??= escalation;
        }

        Options.Log.Write(
            ActorLogLevel.Error,
            Name,
            $"actor '{escalation.ActorName}' escalated after {escalation.Restarts} restart(s); last failure: " +
            $"{escalation.InnerException?.GetType().Name}: {escalation.InnerException?.Message}. Stopping actor system '{Name}'.",
            escalation.InnerException);
        _ = StopAsync(Options.EscalationStopTimeout);
    }

    private async Task StopAllAsync(TimeSpan timeout)
    {
        var clock = Options.TimeProvider;
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
            if (!await StopCellAsync(cells[i], left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false))
            {
                late.Add(cells[i].Name);
            }
        }

        if (late.Count > 0)
        {
            Options.Log.Write(
                ActorLogLevel.Error,
                Name,
                $"actors {string.Join(", ", late.Select(n => $"'{n}'"))} did not stop within {timeout.TotalSeconds:0.###} s; " +
                "their queued messages went to dead letters");
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

    private async Task<bool> StopCellAsync(IActorCell cell, TimeSpan timeout)
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
