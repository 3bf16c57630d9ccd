using System.Diagnostics;

namespace Flock.Actors.Telemetry;

/// <summary>
/// Remembers which sampled trace each recently inserted batch came from, so a learner update can link to the
/// batches its sample drew from. Only batches whose trace was recorded are kept, in a fixed ring of key
/// ranges (replay keys are issued in order, so the ring stays sorted); untraced runs never touch it.
/// Owned by the replay actor alone.
/// </summary>
public sealed class BatchTraceIndex
{
    /// <summary>Links kept per sample: enough to follow data back to its actors without bloating every update span.</summary>
    public const int MaxLinks = 32;

    private readonly Entry[] _ring;
    private int _head;
    private int _count;

    public BatchTraceIndex(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new Entry[capacity];
    }

    public int Count => _count;

    /// <summary>Records the batch inserted at keys [firstKey, firstKey + count) if its trace was sampled.</summary>
    public void Record(long firstKey, int count, in ActivityContext trace)
    {
        if ((trace.TraceFlags & ActivityTraceFlags.Recorded) == 0 || count <= 0)
        {
            return;
        }

        var position = (_head + _count) % _ring.Length;
        _ring[position] = new Entry(firstKey, count, trace);
        if (_count < _ring.Length)
        {
            _count++;
        }
        else
        {
            _head = (_head + 1) % _ring.Length;
        }
    }

    /// <summary>
    /// Links to the distinct recorded batches that the sampled <paramref name="keys"/> came from (at most
    /// <see cref="MaxLinks"/>); null when none did, so the common untraced case allocates nothing.
    /// </summary>
    public List<ActivityLink>? LinksFor(ReadOnlySpan<long> keys)
    {
        if (_count == 0)
        {
            return null;
        }

        List<ActivityLink>? links = null;
        foreach (var key in keys)
        {
            var index = Find(key);
            if (index < 0)
            {
                continue;
            }

            links ??= [];
            if (!Contains(links, _ring[index].Trace.SpanId))
            {
                links.Add(new ActivityLink(_ring[index].Trace));
                if (links.Count == MaxLinks)
                {
                    break;
                }
            }
        }

        return links;
    }

    private static bool Contains(List<ActivityLink> links, ActivitySpanId spanId)
    {
        foreach (var link in links)
        {
            if (link.Context.SpanId == spanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Binary search over the ring in key order; the physical index of the entry holding key, or -1.</summary>
    private int Find(long key)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            ref readonly var entry = ref _ring[(_head + mid) % _ring.Length];
            if (key < entry.FirstKey)
            {
                hi = mid - 1;
            }
            else if (key >= entry.FirstKey + entry.Count)
            {
                lo = mid + 1;
            }
            else
            {
                return (_head + mid) % _ring.Length;
            }
        }

        return -1;
    }

    private readonly record struct Entry(long FirstKey, int Count, ActivityContext Trace);
}
