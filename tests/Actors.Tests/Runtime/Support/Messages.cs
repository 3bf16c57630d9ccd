using Flock.Actors.Runtime;

namespace Flock.Actors.Tests.Runtime.Support;

/// <summary>Holds a gate actor's handler until the test opens it, so mailboxes fill deterministically.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the actor is inside the handler of <see cref="Block"/>.</summary>
    public Task Entered => _entered.Task;

    public Block Block => new(this);

    public void Open() => _opened.TrySetResult();

    public Task PassAsync()
    {
        _entered.TrySetResult();
        return _opened.Task;
    }
}

internal sealed record Block(Gate Gate);

internal sealed record Item(int Value);

internal sealed record Boom(string Why);

internal sealed record Stopped(string Actor);

internal sealed record Tagged(int Instance, int Value);

/// <summary>Runs an action with the actor's context inside the actor, then the actor tells the probe <see cref="Done"/>.</summary>
internal sealed record Command(Action<IActorContext<object>> Act);

internal sealed record Done;
