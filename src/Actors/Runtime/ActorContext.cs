namespace Flock.Actors.Runtime;

/// <summary>The context handed to the instances of one actor; a view onto its cell.</summary>
internal sealed class ActorContext<TMessage>(ActorCell<TMessage> cell) : IActorContext<TMessage>
{
    public IActorRef<TMessage> Self => cell.Self;

    public ActorSystem System => cell.System;

    public ActorScope Scope => cell.Scope;

    public string Name => cell.Name;

    public string Role => cell.Role;

    public ITimerScheduler<TMessage> Timers => cell.Timers;

    public ActorLogger Log => cell.Log;

    public CancellationToken StopRequested => cell.StopRequested;

    public int Restarts => cell.Restarts;

    public void Stop() => cell.RequestStop();
}
