namespace Flock.Environments;

/// <summary>
/// A Python list of MinAtar game objects (<c>[x, y, direction, timers…]</c>), with the semantics the games
/// rely on: <c>remove</c> drops the first element equal by value (not necessarily the one in hand), and
/// iteration (forward or <c>reversed</c>) walks indices exactly as CPython's list iterators do while the list
/// changes underneath. Objects come from and go back to a pool, so a game allocates nothing once warm.
/// </summary>
internal sealed class PyObjectList(MinAtarObjectPool pool)
{
    private readonly List<MinAtarObject> _items = new(16);

    public int Count => _items.Count;

    public MinAtarObject this[int index] => _items[index];

    /// <summary><c>list += [[x, y, right, moveTimer, shotTimer]]</c>.</summary>
    public void Append(int x, int y, bool right, int moveTimer = 0, int shotTimer = 0) =>
        _items.Add(pool.Rent(x, y, right, moveTimer, shotTimer));

    /// <summary><c>list.remove(item)</c>: removes the first element equal to <paramref name="item"/> by value.</summary>
    public void Remove(MinAtarObject item)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].ValueEquals(item))
            {
                pool.Release(_items[i]);
                _items.RemoveAt(i);
                return;
            }
        }

        throw new InvalidOperationException("list.remove(x): x not in list");
    }

    public void Clear()
    {
        foreach (var item in _items)
        {
            pool.Release(item);
        }

        _items.Clear();
    }
}
