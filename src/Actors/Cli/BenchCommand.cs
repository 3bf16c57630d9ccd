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
    /// <summary>
    /// Every benchmark by name, each run <c>--repeats</c> times; the figures' keys carry their units. Most are one
    /// measurement repeated by <see cref="BenchRepeats"/>; tools prepares its input once and repeats on it itself.
    /// </summary>
    public static IReadOnlyDictionary<string, Func<BenchOptions, RepeatedFigures>> Benches { get; } =
        new Dictionary<string, Func<BenchOptions, RepeatedFigures>>(StringComparer.Ordinal)
        {
            ["collector"] = o => BenchRepeats.Run(CollectorBench.Run, o),
            ["envs"] = o => BenchRepeats.Run(EnvBench.Run, o),
            ["learner"] = o => BenchRepeats.Run(LearnerBench.Run, o),
            ["actors"] = o => BenchRepeats.Run(ActorsBench.Run, o),
            ["replay"] = o => BenchRepeats.Run(ReplayBench.Run, o),
            ["wire"] = o => BenchRepeats.Run(WireBench.Run, o),
            ["cluster"] = o => BenchRepeats.Run(ClusterBench.Run, o),
            ["tools"] = ToolsBench.Run,
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
        var rows = new Option<int>("--rows")
        {
            Description = $"tools: metrics rows of the synthetic run that doctor and report read (1 to {ToolsBench.MaxRows:N0})",
            DefaultValueFactory = _ => ToolsBench.DefaultRows,
            HelpName = "N",
        };
        var nodes = new Option<int>("--nodes") { Description = $"cluster: actor nodes, one actor each (1 to {ClusterBench.MaxNodes})", DefaultValueFactory = _ => ClusterBench.DefaultNodes, HelpName = "N" };
        var device = new Option<string?>("--device")
        {
            Description = "learner: measure the GPU backend on cuda (a CUDA device) or ilgpu-cpu (its kernels on ILGPU's CPU accelerator), against the managed backend",
            HelpName = "cuda|ilgpu-cpu",
        };
        var widths = new Option<string?>("--widths") { Description = "learner --device: hidden widths of the 4-w-w-2 MLPs, comma separated (default 64,256,1024)", HelpName = "W,W" };
        var batches = new Option<string?>("--batches") { Description = "learner --device: batch sizes, comma separated (default 256,1024)", HelpName = "B,B" };
        var parity = new Option<bool>("--parity")
        {
            Description = "learner --device: instead of timing, check the GPU backend against the managed one (1 update within 1e-4, 100 within 1e-3 relative); exit 1 when out of bounds",
        };
        var command = new Command("bench", "Run a benchmark and print its figures.") { name, seconds, repeats, json, noProgress, trace, contention, nodes, rows, device, widths, batches, parity };
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

            var rowsValue = parse.GetValue(rows);
            if (parse.GetResult(rows) is { Implicit: false } && which != "tools")
            {
                throw new UsageException($"--rows: only the tools bench reads a synthetic run, not '{which}'");
            }

            if (rowsValue is < 1 or > ToolsBench.MaxRows)
            {
                throw new UsageException($"--rows {rowsValue}: must be ≥ 1 and ≤ {ToolsBench.MaxRows}");
            }

            var learnerDevice = LearnerDeviceOptions.Parse(which, parse.GetValue(device), parse.GetValue(widths), parse.GetValue(batches), parse.GetValue(parity));
            var progress = parse.GetValue(noProgress) ? TextWriter.Null : Console.Error;
            var options = new BenchOptions(
                secondsValue, progress, parse.GetValue(trace), nodesValue, repeatsValue, parse.GetValue(contention), rowsValue, learnerDevice?.Widths, learnerDevice?.Batches);
            if (learnerDevice is { Parity: true })
            {
                return LearnerDeviceOptions.RunParity(learnerDevice.Device, progress, parse.GetValue(json));
            }

            var figures = learnerDevice is null ? bench(options) : BenchRepeats.Run(o => GpuLearnerBench.Run(o, learnerDevice.Device), options);

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
