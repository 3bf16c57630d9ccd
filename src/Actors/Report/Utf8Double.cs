using System.Globalization;

namespace Flock.Actors.Report;

/// <summary>
/// Parses a number written in UTF-8 exactly as <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>
/// with <see cref="NumberStyles.Float"/> and the invariant culture does, but several times faster for the cells
/// metrics.csv is made of (<c>1234.56</c>, <c>-0.000523</c>, <c>1.00047e+06</c>): a plain decimal of at most 15
/// significant digits and a power of ten within ±22 is an exact integer and an exact power of ten, so one division or
/// multiplication rounds it correctly (Clinger's fast path), the same double the full parser finds. Anything else
/// (more digits, spaces, NaN, ∞) goes to the full parser.
/// </summary>
public static class Utf8Double
{
    private const int MaxExactDigits = 15;
    private const int MaxExactPower = 22;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        TryParsePlain(text, out value) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The fast path; false when the text is not a plain decimal it can convert exactly (the caller then parses it in full).</summary>
    private static bool TryParsePlain(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
        {
            negative = text[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        int significant = 0, power = 0;
        var anyDigit = false;
        var afterPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && !afterPoint)
            {
                afterPoint = true;
                continue;
            }

            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                break;
            }

            anyDigit = true;
            mantissa = (mantissa * 10) + digit;
            if (mantissa != 0 && ++significant > MaxExactDigits)
            {
                return false;
            }

            if (afterPoint)
            {
                power--;
            }
        }

        if (!anyDigit)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            var exponent = 0;
            var start = i;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                exponent = (exponent * 10) + (text[i] - '0');
                if (exponent > 1000)
                {
                    return false;
                }
            }

            if (i == start)
            {
                return false;
            }

            power += negativeExponent ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        if (mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }

        if (power is < -MaxExactPower or > MaxExactPower)
        {
            return false;
        }

        var magnitude = power < 0 ? mantissa / PowersOfTen[-power] : mantissa * PowersOfTen[power];
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
