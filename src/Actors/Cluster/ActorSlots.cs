namespace Flock.Actors.Cluster;

/// <summary>
/// Hands out global environment-actor ids to nodes so that Ape-X's per-actor ε still spreads when nodes
/// come and go. Ape-X gives actor i of N the exploration rate ε_i = base^(1 + α·i/(N−1)); in a cluster N
/// is unknown and changes. So every actor gets an id in a fixed space of <see cref="SlotSpace"/> ids
/// (the ε formula runs with N = SlotSpace), and the k-th slot handed out gets id bitreverse(k): slots
/// 0, 1, 2, 3 get ids 0, 2048, 1024, 3072, i.e. ε positions 0, ½, ¼, ¾ (a van der Corput sequence).
/// Whatever the number of live actors, their ε values cover the whole Ape-X range evenly, and a node that
/// joins or leaves never changes another actor's ε. Freed slots are reused lowest first, so the spread
/// stays even after churn.
/// </summary>
public sealed class ActorSlots
{
    /// <summary>Size of the id space: the largest number of actors a run can have (RunConfig's --actors maximum).</summary>
    public const int SlotSpace = 4096;

    private const int Bits = 12;

    private readonly SortedSet<int> _free = new(Enumerable.Range(0, SlotSpace));

    public int Free => _free.Count;

    /// <summary>Actor ids as a log line shows them: <c>0,2048,1024</c>.</summary>
    public static string Format(IEnumerable<int> ids) => string.Join(',', ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The global actor id of slot <paramref name="slot"/>: its 12 bits reversed.</summary>
    public static int IdOfSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, SlotSpace);
        var id = 0;
        for (var b = 0; b < Bits; b++)
        {
            id |= ((slot >> b) & 1) << (Bits - 1 - b);
        }

        return id;
    }

    /// <summary>Bit reversal is its own inverse.</summary>
    public static int SlotOfId(int id) => IdOfSlot(id);

    /// <summary>Takes the <paramref name="count"/> lowest free slots and returns their ids; throws when too few are left.</summary>
    public int[] Allocate(int count)
    {
        if (count > _free.Count)
        {
            throw new InvalidOperationException($"the run has room for {_free.Count} more actors (at most {SlotSpace} in all), not {count}");
        }

        var slots = _free.Take(count).ToArray();
        foreach (var slot in slots)
        {
            _free.Remove(slot);
        }

        return slots.Select(IdOfSlot).ToArray();
    }

    /// <summary>Marks ids as taken (a node that was running before this learner started); false, taking none, when any is already taken.</summary>
    public bool Claim(IEnumerable<int> ids)
    {
        // All or nothing: a node must never share an id with another, not even a few of them.
        var wanted = ids.ToArray();
        if (!Array.TrueForAll(wanted, id => id is >= 0 and < SlotSpace && _free.Contains(SlotOfId(id))) || wanted.Distinct().Count() != wanted.Length)
        {
            return false;
        }

        foreach (var id in wanted)
        {
            _free.Remove(SlotOfId(id));
        }

        return true;
    }

    public void Release(IEnumerable<int> ids)
    {
        foreach (var id in ids)
        {
            if (id is >= 0 and < SlotSpace)
            {
                _free.Add(SlotOfId(id));
            }
        }
    }
}
