using Flock.Actors.Cli;
using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>How trial settings are chosen: every combination of listed values, or random draws.</summary>
public enum SweepStrategy
{
    Grid,
    Random,
}

/// <summary>One trial before it runs: its number and the value of each swept knob.</summary>
public sealed record TrialPlan(int Trial, IReadOnlyList<(SweepParam Param, SweepValue Value)> Settings)
{
    /// <summary>The base configuration with this trial's values applied.</summary>
    public RunConfig Apply(RunConfig baseConfig) =>
        Settings.Aggregate(baseConfig, (config, setting) => setting.Param.Knob.With(config, setting.Value.Value));

    public string Describe() => string.Join(' ', Settings.Select(s => $"{s.Param.Name}={s.Value.Text}"));
}

/// <summary>
/// Turns the swept parameters into trials. Grid: the cartesian product of the value lists (ranges are refused:
/// a grid over a continuous range would be an arbitrary discretisation), or a seeded random subset of it when
/// it holds more than <c>trials</c> combinations. Random: <c>trials</c> independent draws, each value uniform
/// from its list or range (log-uniform for <c>:log</c>), seeded, so the same command plans the same trials.
/// </summary>
public static class TrialPlanner
{
    public static IReadOnlyList<TrialPlan> Plan(IReadOnlyList<SweepParam> parameters, SweepStrategy strategy, int trials, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        return strategy == SweepStrategy.Grid ? Grid(parameters, trials, random) : Draw(parameters, trials, random);
    }

    private static IReadOnlyList<TrialPlan> Grid(IReadOnlyList<SweepParam> parameters, int trials, Random random)
    {
        if (parameters.FirstOrDefault(p => p.Range is not null) is { } ranged)
        {
            throw new UsageException(
                $"--param {ranged.Name}={ranged.Range!.Low}..{ranged.Range.High}: a range needs --strategy random; a grid takes lists (--param {ranged.Name}=v1,v2,…)");
        }

        IEnumerable<IReadOnlyList<(SweepParam, SweepValue)>> combinations = [[]];
        foreach (var parameter in parameters)
        {
            combinations = combinations.SelectMany(c => parameter.Values!.Select(v => (IReadOnlyList<(SweepParam, SweepValue)>)[.. c, (parameter, v)]));
        }

        var all = combinations.ToList();
        if (all.Count > trials)
        {
            // A seeded subset, kept in grid order so the table reads naturally.
            var keep = Enumerable.Range(0, all.Count).OrderBy(_ => random.Next()).Take(trials).Order().ToArray();
            all = [.. keep.Select(i => all[i])];
        }

        return [.. all.Select((settings, i) => new TrialPlan(i + 1, settings))];
    }

    private static IReadOnlyList<TrialPlan> Draw(IReadOnlyList<SweepParam> parameters, int trials, Random random) =>
        [.. Enumerable.Range(1, trials).Select(trial => new TrialPlan(trial, [.. parameters.Select(p => (p, DrawValue(p, random)))]))];

    private static SweepValue DrawValue(SweepParam parameter, Random random)
    {
        if (parameter.Values is { } values)
        {
            return values[random.Next(values.Count)];
        }

        var range = parameter.Range!;
        var u = random.NextDouble();
        var x = range.Log
            ? Math.Exp(Math.Log(range.Low) + (u * (Math.Log(range.High) - Math.Log(range.Low))))
            : range.Low + (u * (range.High - range.Low));
        return parameter.FromNumber(Math.Clamp(x, range.Low, range.High));
    }
}
