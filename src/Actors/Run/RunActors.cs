using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Flock.Actors.Hosting;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Run;

/// <summary>
/// The actors of one run: a <see cref="RunActor"/> parent on an actor system (its own for <c>train</c>, a
/// shared one for a sweep's trials) and the roles spawned under it. Says when a role failed the run, what each
/// role's mailbox holds, how often roles restarted and how many dead letters the run's actors had, and stops
/// the roles in order.
/// </summary>
public sealed class RunActors
{
    private static readonly ConcurrentDictionary<RunActors, byte> Live = new();

    private static readonly Counter<long> RestartCounter = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.ActorRestarts, "{restart}", "Actor restarts after failures.");

    /// <summary>Each role's mailbox depth, observed when a metrics reader collects.</summary>
    internal static ObservableGauge<int> MailboxDepthGauge { get; } = FlockTelemetry.Meter.CreateObservableGauge(
        MetricNames.MailboxDepth, ObserveMailboxDepths, "{message}", "Messages waiting in an actor's mailbox.");

    private readonly TaskCompletionSource<RoleFailedException> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Name, string Role, IActorRef Ref)> _roles = [];
    private readonly bool _ownsSystem;
    private IActorRef _parent = ActorRefs.Nobody;
    private volatile bool _stopping;
    private int _restarts;

    private RunActors(ActorSystem system, string name, bool ownsSystem)
    {
        System = system;
        Name = name;
        _ownsSystem = ownsSystem;
    }

    public ActorSystem System { get; }

    /// <summary>The parent's name under <c>/user</c> (<c>run</c>, or <c>trial-3</c> in a sweep).</summary>
    public string Name { get; }

    /// <summary>Completes with the failure that stopped the run, if one does.</summary>
    public Task<RoleFailedException> Failure => _failure.Task;

    /// <summary>True once the run's roles are being stopped on purpose: their termination is no failure then.</summary>
    public bool Stopping => _stopping;

    /// <summary>Restarts of the run's roles after failures.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Dead letters to the run's actors, from Akka's dead-letter stream.</summary>
    public long DeadLetters => DeadLetterCounts.Get(System).For(Name);

    /// <summary>Creates the parent of a run's actors on <paramref name="system"/>.</summary>
    /// <param name="system">Where the run's actors live.</param>
    /// <param name="name">The parent's name under <c>/user</c>.</param>
    /// <param name="ownsSystem">The run is the system's only one: its actors' log lines need no run prefix.</param>
    public static RunActors Start(ActorSystem system, string name, bool ownsSystem)
    {
        var run = new RunActors(system, name, ownsSystem);
        run._parent = system.ActorOf(Props.Create(() => new RunActor(run)), name);
        Live.TryAdd(run, 0);
        return run;
    }

    /// <summary>Creates a role as a child of the run's parent.</summary>
    public async Task<IActorRef> SpawnAsync(string name, string role, Props props, RoleSupervision supervision)
    {
        var child = await _parent.Ask<IActorRef>(new SpawnRole(name, role, props, supervision), TimeSpan.FromSeconds(30));
        lock (_roles)
        {
            _roles.Add((name, role, child));
        }

        return child;
    }

    /// <summary>Each role's mailbox depth, now.</summary>
    public IReadOnlyList<RoleStatus> GetStatuses()
    {
        lock (_roles)
        {
            return _roles.Select(r => new RoleStatus(r.Name, r.Role, MailboxDepth(r.Ref))).ToList();
        }
    }

    /// <summary>Stops one role without handling what its mailbox still holds (the learner: no update after the stop).</summary>
    public async Task StopNowAsync(IActorRef role, TimeSpan timeout)
    {
        _stopping = true;
        System.Stop(role);
        await WaitStoppedAsync(role, timeout);
    }

    /// <summary>
    /// Stops every role, newest first, each after it handled what its mailbox held (so their last figures reach
    /// the coordinator, which stops last), then the parent. A role that does not stop within
    /// <paramref name="timeout"/> is stopped at once.
    /// </summary>
    public async Task StopAllAsync(TimeSpan timeout)
    {
        _stopping = true;
        List<IActorRef> roles;
        lock (_roles)
        {
            roles = _roles.Select(r => r.Ref).Reverse().ToList();
        }

        foreach (var role in roles)
        {
            try
            {
                await role.GracefulStop(timeout);
            }
            catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
            {
                System.Stop(role);
                await WaitStoppedAsync(role, timeout);
            }
        }

        System.Stop(_parent);
        await WaitStoppedAsync(_parent, timeout);
        Live.TryRemove(this, out _);
    }

    /// <summary>A role's name as the log shows it: <c>env-0</c>, or <c>trial-3/env-0</c> on a shared system.</summary>
    internal string Label(string actor) => _ownsSystem ? actor : $"{Name}/{actor}";

    internal void Fail(RoleFailedException failure) => _failure.TrySetResult(failure);

    internal void CountRestart()
    {
        Interlocked.Increment(ref _restarts);
        RestartCounter.Add(1, new KeyValuePair<string, object?>(TagNames.System, System.Name), new KeyValuePair<string, object?>(TagNames.Actor, Name));
    }

    private static async Task WaitStoppedAsync(IActorRef actor, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await actor.WatchAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Gone past the timeout: the run goes on stopping the rest.
        }
    }

    private static int MailboxDepth(IActorRef actor) => actor is ActorRefWithCell { Underlying: { } cell } ? cell.NumberOfMessages : 0;

    private static IEnumerable<Measurement<int>> ObserveMailboxDepths()
    {
        foreach (var run in Live.Keys)
        {
            foreach (var status in run.GetStatuses())
            {
                yield return new Measurement<int>(status.MailboxDepth,
                    new KeyValuePair<string, object?>(TagNames.System, run.System.Name),
                    new KeyValuePair<string, object?>(TagNames.Actor, run.Label(status.Name)),
                    new KeyValuePair<string, object?>(TagNames.Role, status.Role));
            }
        }
    }
}
