using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;

namespace Flock.Shared.Configuration;

/// <summary>
/// One knob of <see cref="RunConfig"/>: its kebab-case name, its type and its range. All knobs are found
/// by reflection once, so adding a property with a <see cref="KnobAttribute"/> is all it takes to get
/// a flag, a JSON key, validation and a line in <c>--help</c>.
/// </summary>
public sealed class ConfigKnob
{
    private ConfigKnob(PropertyInfo property, KnobAttribute attribute)
    {
        Property = property;
        Attribute = attribute;
        Name = JsonNamingPolicy.KebabCaseLower.ConvertName(property.Name);
        var type = property.PropertyType;
        IsNullable = Nullable.GetUnderlyingType(type) is not null
            || (!type.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable);
        ElementType = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
            ? type.GetGenericArguments()[0]
            : null;
        ScalarType = ElementType ?? Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>Every knob, in declaration order.</summary>
    public static IReadOnlyList<ConfigKnob> All { get; } = typeof(RunConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Property: p, Attribute: p.GetCustomAttribute<KnobAttribute>()))
        .Where(p => p.Attribute is not null)
        .OrderBy(p => p.Property.MetadataToken)
        .Select(p => new ConfigKnob(p.Property, p.Attribute!))
        .ToArray();

    private static readonly FrozenDictionary<string, ConfigKnob> ByName = All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    public string Name { get; }

    public string Flag => "--" + Name;

    public PropertyInfo Property { get; }

    public KnobAttribute Attribute { get; }

    /// <summary>True for <c>long?</c>, <c>string?</c> and the like: the knob may be absent.</summary>
    public bool IsNullable { get; }

    /// <summary>Element type when the knob is a list (hidden sizes, assemblies), else null.</summary>
    public Type? ElementType { get; }

    /// <summary>The type of one value: the list element, or the property type without Nullable.</summary>
    public Type ScalarType { get; }

    public bool IsList => ElementType is not null;

    public bool IsBoolean => ScalarType == typeof(bool);

    public static ConfigKnob? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The closest knob name, for "did you mean" hints; null when nothing is close.</summary>
    public static string? Suggest(string name)
    {
        var best = All.Select(k => (k.Name, Distance: EditDistance(name, k.Name))).MinBy(x => x.Distance);
        return best.Distance <= Math.Max(2, name.Length / 3) ? best.Name : null;
    }

    public object? GetValue(RunConfig config) => Property.GetValue(config);

    /// <summary>Returns a copy of <paramref name="config"/> with this knob set (init-only setters are
    /// settable through reflection on a fresh clone, which keeps the record immutable to callers).</summary>
    public RunConfig With(RunConfig config, object? value)
    {
        var copy = config with { };
        Property.SetValue(copy, value);
        return copy;
    }

    /// <summary>Parses command-line text (one occurrence per element for lists; a comma-separated list
    /// is also accepted for numbers).</summary>
    public bool TryParseText(IReadOnlyList<string> texts, out object? value, out string problem)
    {
        problem = "";
        value = null;
        if (texts.Count == 0)
        {
            // A flag given last with no value (`--actors` and nothing after it).
            problem = $"needs a value ({DescribeAllowed()})";
            return false;
        }

        if (IsList)
        {
            var parts = texts.SelectMany(t => ScalarType == typeof(string) ? [t] : t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
            var list = Array.CreateInstance(ScalarType, parts.Length);
            for (var i = 0; i < parts.Length; i++)
            {
                if (!TryParseScalar(parts[i], out var element, out problem))
                {
                    return false;
                }

                list.SetValue(element, i);
            }

            value = list;
            return true;
        }

        var text = texts[^1];
        if (IsNullable && (text.Length == 0 || text.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return TryParseScalar(text, out value, out problem);
    }

    /// <summary>Parses a JSON value.</summary>
    public bool TryParseJson(JsonElement element, out object? value, out string problem)
    {
        problem = "";
        value = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (IsNullable)
            {
                return true;
            }

            problem = "must not be null";
            return false;
        }

        if (IsList)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                problem = $"must be a JSON array of {Describe(ScalarType)}";
                return false;
            }

            var list = Array.CreateInstance(ScalarType, element.GetArrayLength());
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (!TryParseJsonScalar(item, out var parsed, out problem))
                {
                    problem = $"element {i}: {problem}";
                    return false;
                }

                list.SetValue(parsed, i++);
            }

            value = list;
            return true;
        }

        return TryParseJsonScalar(element, out value, out problem);
    }

    /// <summary>What values the knob takes, for help and error messages.</summary>
    public string DescribeAllowed()
    {
        var kind = IsList ? (ScalarType == typeof(string) ? "list of strings" : "list of integers") : Describe(ScalarType);
        var range = DescribeRange();
        return range.Length == 0 ? kind : $"{kind}, {range}";
    }

    /// <summary>The numeric range as text ("> 0 and ≤ 1"), or empty when unbounded.</summary>
    public string DescribeRange()
    {
        var a = Attribute;
        var low = double.IsNaN(a.Min) ? null : (a.MinExclusive ? "> " : "≥ ") + Format(a.Min);
        var high = double.IsNaN(a.Max) ? null : "≤ " + Format(a.Max);
        return (low, high) switch
        {
            (null, null) => "",
            (not null, null) => low,
            (null, not null) => high,
            _ => $"{low} and {high}",
        };
    }

    private bool TryParseJsonScalar(JsonElement element, out object? value, out string problem)
    {
        value = null;
        problem = "";
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (ScalarType == typeof(string) || ScalarType.IsEnum)
                {
                    return TryParseScalar(element.GetString()!, out value, out problem);
                }

                break;
            case JsonValueKind.Number:
                if (IsNumeric(ScalarType))
                {
                    return TryParseScalar(element.GetRawText(), out value, out problem);
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                if (IsBoolean)
                {
                    value = element.GetBoolean();
                    return true;
                }

                break;
        }

        problem = $"must be {Describe(ScalarType)}";
        return false;
    }

    private bool TryParseScalar(string text, out object? value, out string problem)
    {
        problem = "";
        value = null;
        var invariant = CultureInfo.InvariantCulture;
        bool ok;
        if (ScalarType == typeof(string))
        {
            value = text;
            return true;
        }
        else if (ScalarType == typeof(int))
        {
            ok = int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, invariant, out var v);
            value = v;
        }
        else if (ScalarType == typeof(long))
        {
            ok = long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, invariant, out var v);
            value = v;
        }
        else if (ScalarType == typeof(double))
        {
            ok = double.TryParse(text, NumberStyles.Float, invariant, out var v) && double.IsFinite(v);
            value = v;
        }
        else if (ScalarType == typeof(bool))
        {
            ok = bool.TryParse(text, out var v);
            value = v;
        }
        else if (ScalarType.IsEnum)
        {
            var match = Enum.GetNames(ScalarType).FirstOrDefault(n => string.Equals(JsonNamingPolicy.KebabCaseLower.ConvertName(n), text, StringComparison.OrdinalIgnoreCase) || string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            ok = match is not null;
            value = ok ? Enum.Parse(ScalarType, match!) : null;
        }
        else
        {
            throw new InvalidOperationException($"Knob {Name} has unsupported type {ScalarType}.");
        }

        if (!ok)
        {
            problem = OutOfIntegerRange(text) ?? $"'{text}' is not {Describe(ScalarType)}";
        }

        return ok;
    }

    /// <summary>For a whole number too large (or small) for the knob's type, says so with the bound, instead of "not an integer".</summary>
    private string? OutOfIntegerRange(string text)
    {
        if ((ScalarType != typeof(int) && ScalarType != typeof(long))
            || !BigInteger.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var big))
        {
            return null;
        }

        var a = Attribute;
        var (typeMin, typeMax) = ScalarType == typeof(int) ? (int.MinValue.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture))
            : (long.MinValue.ToString(CultureInfo.InvariantCulture), long.MaxValue.ToString(CultureInfo.InvariantCulture));
        return big.Sign > 0
            ? $"'{text}' is too large; at most {(double.IsNaN(a.Max) ? typeMax : Format(a.Max))}"
            : $"'{text}' is too small; at least {(double.IsNaN(a.Min) ? typeMin : Format(a.Min))}";
    }

    private static bool IsNumeric(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(double);

    private static string Describe(Type t) =>
        t == typeof(int) || t == typeof(long) ? "an integer"
        : t == typeof(double) ? "a finite number"
        : t == typeof(bool) ? "true or false"
        : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t).Select(JsonNamingPolicy.KebabCaseLower.ConvertName))
        : "a string";

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
