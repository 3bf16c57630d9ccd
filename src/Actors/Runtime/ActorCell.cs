using Flock.Shared.Telemetry;

namespace Flock.Actors.Runtime;

/// <summary>
/// One actor as the runtime keeps it: mailbox, timers, supervision, and the message loop that runs its
/// instances one after another (a new one after each failure) until it stops or escalates.
/// </summary>
internal sealed class ActorCell<TMessage> : IActorCell
{
    private readonly Func<IActorContext<TMessage>, Actor<TMessage>> _factory;
    private readonly ActorExecution _execution;
    private readonly Mailbox<TMessage> _mailbox;
    private readonly TimerScheduler<TMessage> _timers;
    private readonly RestartPolicy _restartPolicy;
    private readonly ActorContext<TMessage> _context;
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _clock;
    private volatile ActorState _state = ActorState.Starting;
    private volatile bool _aborted;
    private volatile Exception? _lastFailure;
    private long _processed;
    private int _restarts;

    public ActorCell(
        ActorScope scope,
        string name,
        Func<IActorContext<TMessage>, Actor<TMessage>> factory,
        ActorOptions options,
        DeadLetterOffice deadLetterOffice)
    {
        Scope = scope;
        var system = scope.System;
        Name = name;
        Role = options.Role ?? name;
        _factory = factory;
        _execution = options.Execution;
        _clock = system.Options.TimeProvider;
        _mailbox = new Mailbox<TMessage>(name, Role, options.MailboxCapacity, options.FullMode, deadLetterOffice);
        _timers = new TimerScheduler<TMessage>(_mailbox, _clock);
        _restartPolicy = new RestartPolicy(options.Supervision, _clock);
        _context = new ActorContext<TMessage>(this);
        Self = new LocalActorRef<TMessage>(name, _mailbox);
        Log = new ActorLogger(system.Options.Log, name);
        MetricTags =
        [
            new(TagNames.System, system.Name),
            new(TagNames.Actor, name),
            new(TagNames.Role, Role),
        ];
    }

    public ActorScope Scope { get; }

    public ActorSystem System => Scope.System;

    public string Name { get; }

    public string Role { get; }

    public IActorRef<TMessage> Self { get; }

    public object SelfRef => Self;

    public ActorLogger Log { get; }

    public ITimerScheduler<TMessage> Timers => _timers;

    public CancellationToken StopRequested => _stopRequested.Token;

    public int Restarts => Volatile.Read(ref _restarts);

    public int MailboxDepth => _mailbox.Depth;

    public KeyValuePair<string, object?>[] MetricTags { get; }

    public Task Terminated => _terminated.Task;

    public void Start()
    {
        if (_execution == ActorExecution.DedicatedThread)
        {
            ActorThreadSynchronizationContext.Start($"actor {Name}", RunAsync);
        }
        else
        {
            _ = Task.Run(RunAsync);
        }
    }

    public ActorStatus GetStatus() => new(
        Name,
        Role,
        _state,
        _mailbox.Depth,
        _mailbox.Capacity,
        Volatile.Read(ref _processed),
        _mailbox.DeadLetters,
        Restarts,
        _lastFailure);

    public void RequestStop()
    {
        // Close first, so that a handler woken by the token already finds the mailbox refusing new messages.
        _mailbox.Close(onRequest: true);
        try
        {
            _stopRequested.Cancel();
        }
        catch (AggregateException error)
        {
            Log.Error("a StopRequested callback threw", error);
        }
    }

    public void Abort()
    {
        _aborted = true;
        RequestStop();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                var failure = await RunInstanceAsync();
                if (failure is null)
                {
                    _state = ActorState.Stopped;
                    return;
                }

                _lastFailure = failure;
                if (!await BackOffBeforeRestartAsync())
                {
                    Escalate(failure);
                    return;
                }
            }
        }
        catch (Exception error)
        {
            // Only a fault of the runtime itself gets here; the actor cannot go on without its loop.
            Log.Error("the actor's message loop failed", error);
            Escalate(error);
        }
        finally
        {
            _timers.CancelAll();
            Scope.OnTerminated(this);
            _terminated.TrySetResult();
        }
    }

    /// <summary>Runs one instance until the mailbox is closed and drained (null) or until it fails (the failure).</summary>
    private async Task<Exception?> RunInstanceAsync()
    {
        _state = ActorState.Starting;
        Actor<TMessage> actor;
        try
        {
            actor = _factory(_context) ?? throw new InvalidOperationException($"The factory of actor '{Name}' returned null.");
            actor.Bind(_context);
            await actor.PreStartAsync();
        }
        catch (Exception error)
        {
            Log.Error($"failed to start: {error.GetType().Name}: {error.Message}", error);
            _timers.CancelAll();
            return error;
        }

        _state = ActorState.Running;
        var reader = _mailbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var envelope))
            {
                if (_aborted)
                {
                    _mailbox.DeadLetter(envelope);
                    continue;
                }

                if (envelope.Timer is { } timer && !_timers.ShouldDeliver(timer))
                {
                    continue;
                }

                try
                {
                    await actor.ReceiveAsync(envelope.Message);
                }
                catch (OperationCanceledException) when (_stopRequested.IsCancellationRequested)
                {
                    Log.Debug($"gave up handling {TypeName(envelope.Message)} for the stop");
                    continue;
                }
                catch (Exception error)
                {
                    Log.Error(
                        $"failed handling {TypeName(envelope.Message)}, which is dropped: {error.GetType().Name}: {error.Message}",
                        error);
                    await RetireAsync(actor);
                    return error;
                }

                // Only this loop writes the count; readers take it with Volatile.Read.
                Volatile.Write(ref _processed, _processed + 1);
            }
        }

        _state = ActorState.Stopping;
        await RetireAsync(actor);
        return null;
    }

    private async Task RetireAsync(Actor<TMessage> actor)
    {
        _timers.CancelAll();
        try
        {
            await actor.PostStopAsync();
        }
        catch (Exception error)
        {
            Log.Error($"PostStopAsync failed: {error.GetType().Name}: {error.Message}", error);
        }
    }

    /// <summary>Waits out the restart backoff; false when supervision says escalate instead.</summary>
    private async Task<bool> BackOffBeforeRestartAsync()
    {
        if (_restartPolicy.OnFailure() is not { } backoff)
        {
            return false;
        }

        _state = ActorState.Restarting;
        var restarts = Interlocked.Increment(ref _restarts);
        RuntimeMetrics.Restarts.Add(1, MetricTags);
        Log.Warning($"restart #{restarts} in {backoff.TotalMilliseconds:0} ms, keeping its mailbox ({_mailbox.Depth} queued)");

        // A stop cuts the backoff short: the new instance only has to drain the mailbox.
        if (backoff > TimeSpan.Zero && !_stopRequested.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(backoff, _clock, _stopRequested.Token);
            }
            catch (OperationCanceledException)
            {
                // Stop requested during the backoff.
            }
        }

        return true;
    }

    private void Escalate(Exception failure)
    {
        _state = ActorState.Escalated;
        _mailbox.Close();
        _mailbox.DrainToDeadLetters();
        try
        {
            _stopRequested.Cancel();
        }
        catch (AggregateException error)
        {
            Log.Error("a StopRequested callback threw", error);
        }

        Scope.OnEscalation(new ActorEscalationException(Name, Restarts, failure));
    }

    private static string TypeName(TMessage message) => message?.GetType().Name ?? typeof(TMessage).Name;
}
