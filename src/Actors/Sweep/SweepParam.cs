using System.Globalization;
using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>One value a swept knob takes: as the user wrote it, and as the knob parsed it.</summary>
public sealed record SweepValue(string Text, object? Value);

/// <summary>A numeric interval to draw from: uniform, or log-uniform (<c>lo..hi:log</c>).</summary>
public sealed record SweepRange(double Low, double High, bool Log);

/// <summary>
/// One <c>--param</c>: a <see cref="RunConfig"/> knob and either a list of values (<c>name=v1,v2,…</c>) or a
/// range (<c>name=lo..hi</c>, <c>name=lo..hi:log</c>). Exactly one of <see cref="Values"/> and
/// <see cref="Range"/> is set.
/// </summary>
public sealed record SweepParam(ConfigKnob Knob, IReadOnlyList<SweepValue>? Values, SweepRange? Range)
{
    public string Name => Knob.Name;

    public bool IsInteger => Knob.ScalarType == typeof(int) || Knob.ScalarType == typeof(long);

    /// <summary>The knob value for a number drawn from <see cref="Range"/> (rounded for integer knobs), with its text.</summary>
    public SweepValue FromNumber(double x)
    {
        if (Knob.ScalarType == typeof(int))
        {
            var v = (int)Math.Round(x);
            return new SweepValue(v.ToString(CultureInfo.InvariantCulture), v);
        }

        if (Knob.ScalarType == typeof(long))
        {
            var v = (long)Math.Round(x);
            return new SweepValue(v.ToString(CultureInfo.InvariantCulture), v);
        }

        // Four significant digits: enough to tell trials apart, short enough to read in a table.
        var rounded = double.Parse(x.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return new SweepValue(rounded.ToString("R", CultureInfo.InvariantCulture), rounded);
    }
}
