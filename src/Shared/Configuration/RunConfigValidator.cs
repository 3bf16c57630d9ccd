using System.Globalization;

namespace Flock.Shared.Configuration;

/// <summary>Checks every knob's range and the rules between knobs; returns all problems found.</summary>
public static class RunConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(RunConfig config)
    {
        var errors = new List<ConfigError>();
        foreach (var knob in ConfigKnob.All)
        {
            CheckRange(knob, knob.GetValue(config), errors);
        }

        CheckRelations(config, errors);
        return errors;
    }

    private static void CheckRange(ConfigKnob knob, object? value, List<ConfigError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value is string text && text.Length == 0 && !knob.IsNullable)
        {
            errors.Add(Error(knob.Name, "\"\"", "must not be empty"));
            return;
        }

        if (knob.IsList)
        {
            var items = ((System.Collections.IEnumerable)value).Cast<object>().ToArray();
            if (knob.ScalarType != typeof(string) && items.Length == 0)
            {
                errors.Add(Error(knob.Name, "[]", $"must hold at least one value ({knob.DescribeAllowed()})"));
            }

            foreach (var item in items)
            {
                CheckNumber(knob, item, errors);
            }

            return;
        }

        CheckNumber(knob, value, errors);
    }

    private static void CheckNumber(ConfigKnob knob, object value, List<ConfigError> errors)
    {
        double? number = value switch
        {
            int i => i,
            long l => l,
            double d => d,
            _ => null,
        };
        if (number is not { } v)
        {
            return;
        }

        var a = knob.Attribute;
        var tooLow = !double.IsNaN(a.Min) && (a.MinExclusive ? v <= a.Min : v < a.Min);
        var tooHigh = !double.IsNaN(a.Max) && v > a.Max;
        if (!double.IsFinite(v) || tooLow || tooHigh)
        {
            errors.Add(Error(knob.Name, Format(value), $"out of range; allowed: {knob.DescribeRange()}"));
        }
    }

    private static void CheckRelations(RunConfig c, List<ConfigError> errors)
    {
        if (c.Hidden.Count > NetworkLimits.MaxHiddenLayers)
        {
            errors.Add(Error("hidden", $"{c.Hidden.Count} layers", $"too many hidden layers; at most {NetworkLimits.MaxHiddenLayers}"));
        }

        if (c.ReplayMinSize > c.ReplayCapacity)
        {
            errors.Add(Error("replay-min-size", Format(c.ReplayMinSize), $"must be ≤ replay-capacity ({c.ReplayCapacity}), or learning never starts"));
        }

        if (c.BatchSize > c.ReplayMinSize)
        {
            errors.Add(Error("batch-size", Format(c.BatchSize), $"must be ≤ replay-min-size ({c.ReplayMinSize}), so the first batches do not repeat the same few transitions"));
        }

        if (c.EpsilonEnd > c.EpsilonStart)
        {
            errors.Add(Error("epsilon-end", Format(c.EpsilonEnd), $"must be ≤ epsilon-start ({Format(c.EpsilonStart)})"));
        }

        if (c.LearningRateSchedule == LearningRateScheduleKind.Linear && c.LearningRateFinal > c.LearningRate)
        {
            errors.Add(Error("learning-rate-final", Format(c.LearningRateFinal), $"must be ≤ learning-rate ({Format(c.LearningRate)}) for a decaying schedule"));
        }

        if (c.NodeTimeoutSeconds <= c.HeartbeatIntervalSeconds)
        {
            errors.Add(Error("node-timeout-seconds", Format(c.NodeTimeoutSeconds), $"must be > heartbeat-interval-seconds ({Format(c.HeartbeatIntervalSeconds)}), or live nodes are marked gone"));
        }

        if (c.Network is { } network && !Networks.NetworkArchitecture.TryParse(network, out _, out var networkProblem))
        {
            errors.Add(Error("network", network, networkProblem));
        }

        if (c.OtlpEndpoint is { } otlp && !(Uri.TryCreate(otlp, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors.Add(Error("otlp-endpoint", otlp, "must be an absolute http:// or https:// URL, e.g. http://localhost:4318"));
        }
    }

    private static ConfigError Error(string key, string value, string problem) => new(key, value, problem, "default");

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
