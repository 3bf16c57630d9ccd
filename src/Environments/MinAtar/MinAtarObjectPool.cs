namespace Flock.Environments;

/// <summary>
/// Recycles <see cref="MinAtarObject"/>s. A released object may still be in a loop variable for the rest of
/// MinAtar's loop body (a removed enemy sub still fires), so releases wait for <see cref="Recycle"/>, called
/// once a step is over.
/// </summary>
internal sealed class MinAtarObjectPool
{
    private readonly Stack<MinAtarObject> _free = new();
    private readonly List<MinAtarObject> _released = [];

    public MinAtarObject Rent(int x, int y, bool right, int moveTimer, int shotTimer)
    {
        var item = _free.TryPop(out var recycled) ? recycled : new MinAtarObject();
        item.X = x;
        item.Y = y;
        item.Right = right;
        item.MoveTimer = moveTimer;
        item.ShotTimer = shotTimer;
        return item;
    }

    public void Release(MinAtarObject item) => _released.Add(item);

    public void Recycle()
    {
        foreach (var item in _released)
        {
            _free.Push(item);
        }

        _released.Clear();
    }
}
