using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Event;
using Flock.Actors.Hosting;

namespace Flock.Actors.Run;

/// <summary>Asks a run's parent actor to create one of its roles as its child; the reply is the child's ref.</summary>
public sealed record SpawnRole(string Name, string Role, Props Props, RoleSupervision Supervision) : ILocalMessage;

/// <summary>
/// The parent of one run's actors (a whole <c>train</c> run, or one trial of a sweep): every role is its child,
/// so stopping or failing the run stops exactly its actors. Its supervision restarts only the child that failed,
/// within that role's <see cref="RoleSupervision"/>; past it, the child is stopped and the run is told why.
/// </summary>
public sealed class RunActor : ReceiveActor
{
    private readonly RunActors _run;
    private readonly Dictionary<IActorRef, SpawnRole> _roles = [];
    private readonly Dictionary<IActorRef, int> _restarts = [];

    public RunActor(RunActors run)
    {
        _run = run;
        Receive<SpawnRole>(spawn =>
        {
            var child = Context.ActorOf(spawn.Props, spawn.Name);
            Context.Watch(child);
            _roles[child] = spawn;
            Sender.Tell(child);
        });
        Receive<Terminated>(terminated =>
        {
            // A role that stops while the run is not stopping (its initialization failed, or it stopped
            // itself) leaves the run without it: that is a failure of the run.
            if (!_run.Stopping && _roles.TryGetValue(terminated.ActorRef, out var role))
            {
                _run.Fail(new RoleFailedException(_run.Label(role.Name), RestartsOf(terminated.ActorRef), new InvalidOperationException("it stopped unexpectedly")));
            }
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() => new RoleStrategy(this);

    private int RestartsOf(IActorRef child) => _restarts.GetValueOrDefault(child);

    /// <summary>One-for-one, with each child's own restart budget (Akka's counts it, in the child's restart stats).</summary>
    private sealed class RoleStrategy(RunActor parent) : OneForOneStrategy(-1, -1, static _ => Directive.Restart, loggingEnabled: false)
    {
        public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
        {
            var name = parent._run.Label(child.Path.Name);
            var log = FlockLog.For(context.System, name);
            log.Error(cause, $"failed handling a message: {cause.GetType().Name}: {cause.Message}");
            var supervision = parent._roles.TryGetValue(child, out var role) ? role.Supervision : RoleSupervision.StopsTheRun;
            var restarts = parent.RestartsOf(child);
            if (!parent._run.Stopping && supervision.MaxRestarts > 0 && stats.RequestRestartPermission(supervision.MaxRestarts, (int)supervision.Window.TotalMilliseconds))
            {
                parent._restarts[child] = ++restarts;
                parent._run.CountRestart();
                log.Warning($"restart #{restarts}, keeping its mailbox");
                RestartChild(child, cause, suspendFirst: false);
                return;
            }

            parent._run.Fail(new RoleFailedException(name, restarts, cause));
            context.Stop(child);
        }
    }
}
