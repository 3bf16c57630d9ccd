using Akka.Actor;

namespace Flock.Actors.Tests.Support;

/// <summary>How many messages a counting actor got, readable from the test at any moment.</summary>
public sealed class Tally
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts an actor that counts every message it gets here.</summary>
    public static (IActorRef Actor, Tally Tally) Start(ActorSystem system)
    {
        var tally = new Tally();
        return (system.ActorOf(Props.Create(() => new Counting(tally))), tally);
    }

    private void Add() => Interlocked.Increment(ref _count);

    private sealed class Counting : ReceiveActor
    {
        public Counting(Tally tally) => ReceiveAny(_ => tally.Add());
    }
}
