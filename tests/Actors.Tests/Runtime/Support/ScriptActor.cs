using Flock.Actors.Runtime;

namespace Flock.Actors.Tests.Runtime.Support;

/// <summary>
/// The general-purpose actor of the runtime tests: waits on <see cref="Block"/>, throws on <see cref="Boom"/>,
/// runs <see cref="Command"/>s, tags <see cref="Item"/>s with its instance number and forwards everything else
/// to the probe; optionally reports its PostStop.
/// </summary>
internal sealed class ScriptActor(IActorRef<object> probe, int instance = 1, bool reportStop = false, Action<IActorContext<object>>? onStart = null)
    : Actor<object>
{
    public override ValueTask PreStartAsync()
    {
        onStart?.Invoke(Context);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case Block block:
                await block.Gate.PassAsync();
                break;
            case Boom boom:
                throw new InvalidOperationException(boom.Why);
            case Command command:
                command.Act(Context);
                probe.Tell(new Done());
                break;
            case Item item:
                probe.Tell(new Tagged(instance, item.Value));
                break;
            default:
                probe.Tell(message);
                break;
        }
    }

    public override ValueTask PostStopAsync()
    {
        if (reportStop)
        {
            probe.Tell(new Stopped(Context.Name));
        }

        return ValueTask.CompletedTask;
    }
}
