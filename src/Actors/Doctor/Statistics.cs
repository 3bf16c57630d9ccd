namespace Flock.Actors.Doctor;

/// <summary>The few summary statistics the rules need.</summary>
public static class Statistics
{
    /// <summary>Median of the values; NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        // Array.Sort orders doubles as Order() does (NaN first), without the stable sort's key and index arrays over millions of rows.
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Population standard deviation; NaN when there are no values.</summary>
    public static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
