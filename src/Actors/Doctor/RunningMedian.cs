namespace Flock.Actors.Doctor;

/// <summary>
/// The median of every value added so far, kept up to date in O(log n) per value (two heaps: the lower half as a
/// max-heap, the upper half as a min-heap), so a rule that compares each row with the median of all rows before it
/// is O(n log n) over the run, not O(n²). Gives the same value as <see cref="Statistics.Median"/> of the same values.
/// </summary>
public sealed class RunningMedian
{
    private readonly PriorityQueue<double, double> _lower = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));
    private readonly PriorityQueue<double, double> _upper = new();

    public int Count => _lower.Count + _upper.Count;

    /// <summary>The median so far; NaN before the first value.</summary>
    public double Median => Count == 0 ? double.NaN
        : _lower.Count > _upper.Count ? _lower.Peek()
        : (_lower.Peek() + _upper.Peek()) / 2;

    public void Add(double value)
    {
        if (_lower.Count == 0 || value <= _lower.Peek())
        {
            _lower.Enqueue(value, value);
        }
        else
        {
            _upper.Enqueue(value, value);
        }

        // Keep |lower| = |upper| or |upper| + 1.
        if (_lower.Count > _upper.Count + 1)
        {
            var moved = _lower.Dequeue();
            _upper.Enqueue(moved, moved);
        }
        else if (_upper.Count > _lower.Count)
        {
            var moved = _upper.Dequeue();
            _lower.Enqueue(moved, moved);
        }
    }
}
