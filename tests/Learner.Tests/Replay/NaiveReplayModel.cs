namespace Flock.Learner.Tests.Replay;

/// <summary>
/// O(n) reference for the replay's priority bookkeeping: a plain ring of (key, priority) with linear scans,
/// written from the definitions rather than from the implementation.
/// </summary>
internal sealed class NaiveReplayModel(int capacity, double alpha, double floor)
{
    private readonly long[] _keys = new long[capacity];
    private readonly float[] _priorities = new float[capacity];

    public long NextKey { get; private set; }

    public int Count => (int)Math.Min(NextKey, capacity);

    public float MaxPriority { get; private set; } = 1f;

    public long Stale { get; private set; }

    public float Stored(float absTd) => (float)Math.Pow(absTd + floor, alpha);

    public void Add(IReadOnlyList<float> initialPriorities)
    {
        foreach (var initial in initialPriorities)
        {
            var priority = initial >= 0 ? Stored(initial) : MaxPriority;
            MaxPriority = Math.Max(MaxPriority, priority);
            var slot = (int)(NextKey % capacity);
            _keys[slot] = NextKey;
            _priorities[slot] = priority;
            NextKey++;
        }
    }

    public void Update(IReadOnlyList<(long Key, float AbsTd)> updates)
    {
        foreach (var (key, absTd) in updates)
        {
            var index = Array.IndexOf(_keys, key, 0, Count);
            if (key < 0 || index < 0)
            {
                Stale++;
                continue;
            }

            _priorities[index] = Stored(absTd);
            MaxPriority = Math.Max(MaxPriority, _priorities[index]);
        }
    }

    /// <summary>Live (key, priority) pairs, oldest first.</summary>
    public IEnumerable<(long Key, float Priority)> Live()
    {
        for (var key = Math.Max(0, NextKey - capacity); key < NextKey; key++)
        {
            yield return (key, _priorities[Array.IndexOf(_keys, key, 0, Count)]);
        }
    }

    public double Total() => Live().Sum(p => (double)p.Priority);

    public float Min() => Count == 0 ? float.PositiveInfinity : Live().Min(p => p.Priority);
}
