using System.Globalization;
using Flock.Actors.Cli;
using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>
/// Parses <c>--param</c> specs. Values go through the knob's own parsing and range checks, so a sweep accepts
/// exactly what <c>flockrl train</c> would; every problem is collected and names the spec, the bad value and
/// what is allowed.
/// </summary>
public static class SweepParamParser
{
    /// <summary>Knobs a sweep keeps equal across trials, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fixed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["env"] = "all trials train the same environment",
        ["env-assembly"] = "all trials train the same environment",
        ["actors"] = "every trial gets the same actors × envs-per-actor, so trials share the cores fairly",
        ["envs-per-actor"] = "every trial gets the same actors × envs-per-actor, so trials share the cores fairly",
        ["max-env-steps"] = "the per-trial budget is the base config's --max-env-steps",
        ["max-seconds"] = "use --budget-seconds for the whole sweep",
        ["stop-when-solved"] = "trials always stop when solved",
        ["out"] = "each trial's run directory lies inside the sweep's --out",
        ["trace-file"] = "not per trial",
        ["otlp-endpoint"] = "not per trial",
        ["trace-sample-ratio"] = "not per trial",
        ["heartbeat-interval-seconds"] = "a sweep runs locally",
        ["node-timeout-seconds"] = "a sweep runs locally",
        ["device"] = "every trial's learner trains on the sweep's --device",
    };

    /// <summary>Parses every spec against <paramref name="baseConfig"/>; throws <see cref="UsageException"/> listing all problems.</summary>
    public static IReadOnlyList<SweepParam> ParseAll(IEnumerable<string> specs, RunConfig baseConfig)
    {
        var parameters = new List<SweepParam>();
        var problems = new List<string>();
        foreach (var spec in specs)
        {
            if (TryParse(spec, baseConfig, out var parameter, out var problem))
            {
                if (parameters.Exists(p => p.Name == parameter!.Name))
                {
                    problems.Add($"--param {spec}: '{parameter!.Name}' is swept twice; give all its values in one --param");
                }
                else
                {
                    parameters.Add(parameter!);
                }
            }
            else
            {
                problems.Add(problem);
            }
        }

        return problems.Count == 0 ? parameters : throw new UsageException(string.Join(Environment.NewLine + "flockrl: ", problems));
    }

    public static bool TryParse(string spec, RunConfig baseConfig, out SweepParam? parameter, out string problem)
    {
        parameter = null;
        problem = "";
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
        {
            problem = $"--param {spec}: expected name=v1,v2,… or name=lo..hi or name=lo..hi:log";
            return false;
        }

        var name = spec[..equals].Trim();
        var body = spec[(equals + 1)..].Trim();
        if (ConfigKnob.Find(name) is not { } knob)
        {
            var near = ConfigKnob.Suggest(name);
            problem = $"--param {spec}: unknown setting '{name}'{(near is null ? "" : $"; did you mean '{near}'?")} (`flockrl config --describe` lists them)";
            return false;
        }

        if (Fixed.TryGetValue(knob.Name, out var why))
        {
            problem = $"--param {spec}: '{knob.Name}' cannot be swept: {why}";
            return false;
        }

        return body.Contains("..", StringComparison.Ordinal)
            ? TryParseRange(spec, knob, body, baseConfig, out parameter, out problem)
            : TryParseValues(spec, knob, body, baseConfig, out parameter, out problem);
    }

    private static bool TryParseValues(string spec, ConfigKnob knob, string body, RunConfig baseConfig, out SweepParam? parameter, out string problem)
    {
        parameter = null;
        var values = new List<SweepValue>();
        foreach (var text in body.Split(',', StringSplitOptions.TrimEntries))
        {
            // A list knob (hidden sizes) takes one list per value, its elements joined by '/': hidden=64/64,128/128.
            IReadOnlyList<string> texts = knob.IsList ? text.Split('/', StringSplitOptions.TrimEntries) : [text];
            if (text.Length == 0)
            {
                problem = $"--param {spec}: an empty value; {knob.Name} takes {knob.DescribeAllowed()}";
                return false;
            }

            if (!knob.TryParseText(texts, out var value, out var parseProblem))
            {
                problem = $"--param {spec}: {parseProblem}; {knob.Name} takes {knob.DescribeAllowed()}";
                return false;
            }

            if (RangeProblem(knob, value, baseConfig) is { } rangeProblem)
            {
                problem = $"--param {spec}: {knob.Name} = {text}: {rangeProblem}";
                return false;
            }

            values.Add(new SweepValue(text, value));
        }

        parameter = new SweepParam(knob, values, null);
        problem = "";
        return true;
    }

    private static bool TryParseRange(string spec, ConfigKnob knob, string body, RunConfig baseConfig, out SweepParam? parameter, out string problem)
    {
        parameter = null;
        var log = body.EndsWith(":log", StringComparison.OrdinalIgnoreCase);
        var bounds = (log ? body[..^4] : body).Split("..", StringSplitOptions.TrimEntries);
        var numeric = knob.ScalarType == typeof(int) || knob.ScalarType == typeof(long) || knob.ScalarType == typeof(double);
        if (!numeric || knob.IsList)
        {
            problem = $"--param {spec}: a range needs a numeric setting; {knob.Name} takes {knob.DescribeAllowed()}, so list its values (name=v1,v2,…)";
            return false;
        }

        if (bounds.Length != 2)
        {
            problem = $"--param {spec}: expected lo..hi or lo..hi:log";
            return false;
        }

        var ends = new double[2];
        for (var i = 0; i < 2; i++)
        {
            if (!knob.TryParseText([bounds[i]], out var value, out var parseProblem) || value is null)
            {
                problem = $"--param {spec}: {(value is null && parseProblem.Length == 0 ? $"'{bounds[i]}' is not a number" : parseProblem)}; {knob.Name} takes {knob.DescribeAllowed()}";
                return false;
            }

            if (RangeProblem(knob, value, baseConfig) is { } rangeProblem)
            {
                problem = $"--param {spec}: {knob.Name} = {bounds[i]}: {rangeProblem}";
                return false;
            }

            ends[i] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }

        if (!(ends[0] < ends[1]))
        {
            problem = $"--param {spec}: the low end must be below the high end";
            return false;
        }

        if (log && ends[0] <= 0)
        {
            problem = $"--param {spec}: a log range needs a low end > 0";
            return false;
        }

        parameter = new SweepParam(knob, null, new SweepRange(ends[0], ends[1], log));
        problem = "";
        return true;
    }

    /// <summary>The knob's own range check of the value (the other knobs at the base config's values); null when fine.</summary>
    private static string? RangeProblem(ConfigKnob knob, object? value, RunConfig baseConfig) =>
        RunConfigValidator.Validate(knob.With(baseConfig, value)).FirstOrDefault(e => e.Key == knob.Name)?.Problem;
}
