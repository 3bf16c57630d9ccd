using System.Globalization;

namespace Flock.Actors.Doctor;

/// <summary>How the doctor writes numbers: readable in evidence, pasteable in flags, rounded to what the advice can honestly claim.</summary>
public static class DoctorFormat
{
    /// <summary>An observed figure: 13,758 · 75.7 · 0.0436 · 2.5e-4.</summary>
    public static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        var format = !double.IsFinite(value) ? "G"
            : magnitude >= 1000 ? "N0"
            : magnitude >= 100 ? "0.#"
            : magnitude >= 1 ? "0.##"
            : magnitude >= 0.001 || magnitude == 0 ? "0.####"
            : "0.##e0";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A ratio: "29×", "4.5×".</summary>
    public static string Times(double ratio) => ratio.ToString(Math.Abs(ratio) >= 10 ? "N0" : "0.#", CultureInfo.InvariantCulture) + "×";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage: 0.973 → "97.3%".</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A real flag value as a user would type it: 2.5e-4, 0.48, 10.</summary>
    public static string FlagValue(double value) =>
        value.ToString(Math.Abs(value) is > 0 and < 0.01 ? "0.##e0" : "0.###", CultureInfo.InvariantCulture);

    public static string FlagValue(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Two significant digits: a computed suggestion is a starting point, not a precise optimum (1233 → 1200, 0.4823 → 0.48).</summary>
    public static double Round2(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }

        var scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - 1);
        return Math.Round(value / scale) * scale;
    }

    /// <summary><see cref="Round2(double)"/> for counts, at least <paramref name="minimum"/>.</summary>
    public static long Round2(double value, long minimum) => Math.Max(minimum, (long)Math.Round(Round2(value)));
}
