using System.Globalization;

namespace Flock.Actors.Bench;

/// <summary>
/// Runs a benchmark several times and reduces what it measured to a median and a range, the one way every
/// bench reports: a single short sample on a shared machine says little (two 2-second samples of the same
/// collector differed by 1.7× on a loaded machine), a median of several with their spread says how far to trust
/// it. A bench returns one repeat's values: a <see cref="double"/> is a measured figure, anything else (an
/// integer, a string, a bool) a setting of the bench, reported once as the first repeat gave it.
/// </summary>
public static class BenchRepeats
{
    public const int DefaultRepeats = 5;

    public const int MaxRepeats = 1000;

    /// <summary>
    /// A figure whose range is wider than this share of its median is flagged as not to be trusted: two repeats
    /// 20% apart mean the machine, not the code, decided the figure.
    /// </summary>
    public const double TrustedSpread = 0.2;

    /// <summary>Runs <paramref name="bench"/> <see cref="BenchOptions.Repeats"/> times, each a whole, independent measurement.</summary>
    public static RepeatedFigures Run(Func<BenchOptions, IReadOnlyDictionary<string, object>> bench, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(options);
        var repeats = new List<IReadOnlyDictionary<string, object>>(options.Repeats);
        for (var repeat = 1; repeat <= options.Repeats; repeat++)
        {
            options.Progress.WriteLine($"repeat {repeat}/{options.Repeats}");
            repeats.Add(bench(options));
        }

        return Summarize(repeats);
    }

    /// <summary>Median and range of every figure over <paramref name="repeats"/>; settings from the first repeat.</summary>
    public static RepeatedFigures Summarize(IReadOnlyList<IReadOnlyDictionary<string, object>> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        ArgumentOutOfRangeException.ThrowIfZero(repeats.Count);
        var settings = new Dictionary<string, object>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var repeat in repeats)
        {
            foreach (var (key, value) in repeat)
            {
                if (value is double d)
                {
                    if (!samples.TryGetValue(key, out var list))
                    {
                        samples[key] = list = [];
                        order.Add(key);
                    }

                    list.Add(d);
                }
                else if (settings.TryAdd(key, value))
                {
                    order.Add(key);
                }
            }
        }

        var figures = new Dictionary<string, FigureRange>(StringComparer.Ordinal);
        foreach (var (key, values) in samples)
        {
            figures[key] = FigureRange.Of(values);
        }

        return new RepeatedFigures(repeats.Count, order, settings, figures);
    }
}

/// <summary>The median and range of one figure's repeats; a repeat that measured nothing (NaN, ∞) is left out.</summary>
public readonly record struct FigureRange(double Median, double Min, double Max, int Samples)
{
    /// <summary>The range as a share of the median's size (0 for a single sample; ∞ when the median is 0 and the range not).</summary>
    public double Spread => Max == Min ? 0 : (Max - Min) / Math.Abs(Median);

    /// <summary>False when no repeat measured the figure or its repeats spread too wide; a single sample has no spread to judge.</summary>
    public bool IsTrusted => Samples > 0 && Spread <= BenchRepeats.TrustedSpread;

    public static FigureRange Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0)
        {
            return new FigureRange(double.NaN, double.NaN, double.NaN, 0);
        }

        var middle = finite.Length / 2;
        var median = finite.Length % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
        return new FigureRange(median, finite[0], finite[^1], finite.Length);
    }
}

/// <summary>What the repeats of one bench gave: each figure's median and range, and the bench's settings.</summary>
/// <param name="Repeats">How many times the bench ran.</param>
/// <param name="Order">Every key, settings and figures, in the order the bench first reported them.</param>
/// <param name="Settings">The bench's settings (non-<see cref="double"/> values), as the first repeat reported them.</param>
/// <param name="Figures">Each measured figure's median and range.</param>
public sealed record RepeatedFigures(
    int Repeats,
    IReadOnlyList<string> Order,
    IReadOnlyDictionary<string, object> Settings,
    IReadOnlyDictionary<string, FigureRange> Figures)
{
    private const int ListedInWarning = 6;

    /// <summary>The figures whose spread is too wide to trust (or that no repeat measured), in report order.</summary>
    public IReadOnlyList<string> Untrusted => Order.Where(key => Figures.TryGetValue(key, out var f) && !f.IsTrusted).ToList();

    /// <summary>
    /// The flat result of <c>--json</c>: each figure's plain key holds its median, with <c>&lt;key&gt;_min</c>
    /// and <c>&lt;key&gt;_max</c> beside it; settings as they are; <c>repeats</c> and <c>wide_spread</c>
    /// (the untrusted figures).
    /// </summary>
    public IReadOnlyDictionary<string, object> ToFlat()
    {
        var flat = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var key in Order)
        {
            if (Figures.TryGetValue(key, out var figure))
            {
                flat[key] = figure.Median;
                flat[key + "_min"] = figure.Min;
                flat[key + "_max"] = figure.Max;
            }
            else
            {
                flat[key] = Settings[key];
            }
        }

        flat["repeats"] = Repeats;
        flat["wide_spread"] = Untrusted.ToArray();
        return flat;
    }

    /// <summary>The human-readable lines: a figure as its median and range, a setting as it is.</summary>
    public IEnumerable<string> ToLines()
    {
        foreach (var key in Order)
        {
            if (Figures.TryGetValue(key, out var f))
            {
                var range = f.Samples switch
                {
                    0 => "  (no repeat measured it)",
                    1 => "  (1 repeat)",
                    _ => string.Create(CultureInfo.InvariantCulture, $"  ({Number(f.Min)} – {Number(f.Max)}, spread {f.Spread * 100:0}%{(f.IsTrusted ? string.Empty : ", too wide to trust")})"),
                };
                yield return string.Create(CultureInfo.InvariantCulture, $"{key,-48} {Number(f.Median)}{range}");
            }
            else
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{key,-48} {Settings[key]}");
            }
        }

        yield return $"{"repeats",-48} {Repeats}";
    }

    /// <summary>The warning for stderr when some figures vary too much between repeats to be trusted; null when none do.</summary>
    public string? Warning()
    {
        if (Repeats == 1)
        {
            return "warning: one repeat has no spread: nothing says how far to trust these figures (the default is " +
                $"{BenchRepeats.DefaultRepeats} repeats)";
        }

        var untrusted = Untrusted;
        if (untrusted.Count == 0)
        {
            return null;
        }

        var more = untrusted.Count > ListedInWarning ? $" and {untrusted.Count - ListedInWarning} more (wide_spread in --json)" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"warning: {untrusted.Count} figure(s) varied by more than {BenchRepeats.TrustedSpread * 100:0}% of the median between {Repeats} repeats, too wide to trust " +
            $"(a busy machine? check `uptime`, or run more --repeats): {string.Join(", ", untrusted.Take(ListedInWarning))}{more}");
    }

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.####", CultureInfo.InvariantCulture) : "n/a";
}
