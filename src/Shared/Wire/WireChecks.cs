using System.Globalization;

namespace Flock.Shared.Wire;

/// <summary>Value rules the decoder applies after reading a field; each throws a <see cref="WireFormatException"/> naming it.</summary>
internal static class WireChecks
{
    public const string Finite = "finite";
    public const string UnitInterval = "finite and in [0, 1]";
    public const string NonNegativeFinite = "finite and ≥ 0";

    public static void RequireNonNegative(string field, long value)
    {
        if (value < 0)
        {
            throw WireErrors.OutOfRange(field, value, "≥ 0");
        }
    }

    public static void RequireWithin(string field, double value, double min, double max, string allowed)
    {
        if (!(value >= min && value <= max))
        {
            throw WireErrors.BadDouble(field, value, allowed);
        }
    }

    public static void RequireNotEmpty(string field, string value)
    {
        if (value.Length == 0)
        {
            throw WireErrors.Invalid(field, "\"\"", "must not be empty");
        }
    }
}
