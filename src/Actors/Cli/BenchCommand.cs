using System.CommandLine;
using System.Globalization;
using Flock.Actors.Bench;
using Flock.Shared.CommandLine;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>flockrl bench NAME [--seconds T] [--repeats N] [--json]</c>: the micro and macro benchmarks. Every bench runs
/// <c>--repeats</c> times through <see cref="BenchRepeats"/> and reports each figure's median and range.
/// </summary>
public static class BenchCommand
{
    /// <summary>Every benchmark by name; each returns flat figures whose keys carry their units.</summary>
    public static IReadOnlyDictionary<string, Func<BenchOptions, IReadOnlyDictionary<string, object>>> Benches { get; } =
        new Dictionary<string, Func<BenchOptions, IReadOnlyDictionary<string, object>>>(StringComparer.Ordinal)
        {
            ["collector"] = CollectorBench.Run,
            ["envs"] = EnvBench.Run,
            ["learner"] = LearnerBench.Run,
            ["actors"] = ActorsBench.Run,
            ["replay"] = ReplayBench.Run,
            ["wire"] = WireBench.Run,
            ["cluster"] = ClusterBench.Run,
        };

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "which benchmark: " + string.Join(", ", Benches.Keys) };
        var seconds = new Option<double>("--seconds") { Description = "measuring time per case, after warm-up", DefaultValueFactory = _ => 2.0, HelpName = "T" };
        var json = CommonOptions.Json();
        var noProgress = CommonOptions.NoProgress();
        var trace = new Option<bool>("--tracing-overhead")
        {
            Description = "collector: also measure what tracing at the default sample ratio costs, in alternating untraced and traced segments of --seconds/4 each, with a 95% confidence interval",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = $"how many times to run the whole bench; figures are the median, with the range (1 to {BenchRepeats.MaxRepeats})",
            DefaultValueFactory = _ => BenchRepeats.DefaultRepeats,
            HelpName = "N",
        };
        var contention = new Option<bool>("--contention")
        {
            Description = "collector: also measure with two CPU-bound competitor processes running (started and stopped by the bench), and the ratio",
        };
        var nodes = new Option<int>("--nodes") { Description = $"cluster: actor nodes, one actor each (1 to {ClusterBench.MaxNodes})", DefaultValueFactory = _ => ClusterBench.DefaultNodes, HelpName = "N" };
        var command = new Command("bench", "Run a benchmark and print its figures.") { name, seconds, repeats, json, noProgress, trace, contention, nodes };
        command.SetAction(parse =>
        {
            var which = parse.GetValue(name)!;
            var secondsValue = parse.GetValue(seconds);
            if (!Benches.TryGetValue(which, out var bench))
            {
                throw new UsageException($"unknown benchmark '{which}'; allowed: {string.Join(", ", Benches.Keys)}");
            }

            if (parse.GetValue(trace) && which != "collector")
            {
                throw new UsageException($"--tracing-overhead: only the collector bench measures it, not '{which}'");
            }

            if (parse.GetValue(contention) && which != "collector")
            {
                throw new UsageException($"--contention: only the collector bench measures it, not '{which}'");
            }

            var repeatsValue = parse.GetValue(repeats);
            if (repeatsValue is < 1 or > BenchRepeats.MaxRepeats)
            {
                throw new UsageException($"--repeats {repeatsValue}: must be ≥ 1 and ≤ {BenchRepeats.MaxRepeats}");
            }

            if (!(secondsValue > 0 && secondsValue <= 3600))
            {
                throw new UsageException($"--seconds {secondsValue.ToString(CultureInfo.InvariantCulture)}: must be > 0 and ≤ 3600");
            }

            var nodesValue = parse.GetValue(nodes);
            if (parse.GetResult(nodes) is { Implicit: false } && which != "cluster")
            {
                throw new UsageException($"--nodes: only the cluster bench runs actor nodes, not '{which}'");
            }

            if (nodesValue is < 1 or > ClusterBench.MaxNodes)
            {
                throw new UsageException($"--nodes {nodesValue}: must be ≥ 1 and ≤ {ClusterBench.MaxNodes}");
            }

            var progress = parse.GetValue(noProgress) ? TextWriter.Null : Console.Error;
            var options = new BenchOptions(secondsValue, progress, parse.GetValue(trace), nodesValue, repeatsValue, parse.GetValue(contention));
            var figures = BenchRepeats.Run(bench, options);

            // The warning goes to stderr even with --no-progress: it is about the result, not progress.
            if (figures.Warning() is { } warning)
            {
                Console.Error.WriteLine($"{CommandName.Tool} bench {which}: {warning}");
            }

            if (parse.GetValue(json))
            {
                var result = JsonResult.From(figures.ToFlat());
                result["bench"] = which;
                JsonResult.WriteLine(Console.Out, result);
            }
            else
            {
                foreach (var line in figures.ToLines())
                {
                    Console.Out.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
