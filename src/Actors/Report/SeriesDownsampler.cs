namespace Flock.Actors.Report;

/// <summary>
/// Thins a series for plotting without losing what matters on the chart: the x range is cut into buckets (about one
/// per pixel) and each bucket keeps its smallest and largest value, in the order they occurred, so spikes and dips
/// survive while a two-million-row run draws a few hundred points. A bucket with no finite value stays a gap.
/// </summary>
public static class SeriesDownsampler
{
    /// <summary>Buckets across a chart: about one per pixel of the plot area.</summary>
    public const int ChartBuckets = 400;

    /// <summary>The series with its own thinned x, or as it is when it is already short.</summary>
    public static ChartSeries ForChart(double[] x, ChartSeries series, int buckets = ChartBuckets)
    {
        var ownX = series.X ?? x;
        if (series.Y.Length <= 2 * buckets)
        {
            return series;
        }

        var (thinX, thinY) = MinMaxPerBucket(ownX, series.Y, buckets);
        return series with { X = thinX, Y = thinY };
    }

    /// <summary>For each run of consecutive points in one x bucket, its minimum and maximum (in order); a bucket of only NaN is kept once as a gap.</summary>
    public static (double[] X, double[] Y) MinMaxPerBucket(double[] x, double[] y, int buckets)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var n = Math.Min(x.Length, y.Length);
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(x[i]))
            {
                xMin = Math.Min(xMin, x[i]);
                xMax = Math.Max(xMax, x[i]);
            }
        }

        var outX = new List<double>(4 * buckets);
        var outY = new List<double>(4 * buckets);
        var width = xMax > xMin ? (xMax - xMin) / buckets : 1;
        var bucket = -1L;
        int lowAt = -1, highAt = -1, firstAt = -1;

        // A bucket with points but no finite value is a gap (kept once); a NaN among finite values in a bucket is not.
        void Flush()
        {
            if (lowAt < 0)
            {
                if (firstAt >= 0 && outY.Count > 0 && !double.IsNaN(outY[^1]))
                {
                    outX.Add(x[firstAt]);
                    outY.Add(double.NaN);
                }

                firstAt = -1;
                return;
            }

            var (first, second) = lowAt <= highAt ? (lowAt, highAt) : (highAt, lowAt);
            outX.Add(x[first]);
            outY.Add(y[first]);
            if (second != first)
            {
                outX.Add(x[second]);
                outY.Add(y[second]);
            }

            lowAt = highAt = firstAt = -1;
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                continue;
            }

            var b = Math.Min(buckets - 1, (long)((x[i] - xMin) / width));
            if (b != bucket)
            {
                Flush();
                bucket = b;
            }

            if (firstAt < 0)
            {
                firstAt = i;
            }

            if (!double.IsFinite(y[i]))
            {
                continue;
            }

            if (lowAt < 0 || y[i] < y[lowAt])
            {
                lowAt = i;
            }

            if (highAt < 0 || y[i] > y[highAt])
            {
                highAt = i;
            }
        }

        Flush();
        return ([.. outX], [.. outY]);
    }
}
