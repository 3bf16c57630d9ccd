using System.Globalization;
using Flock.Actors.Bench;
using Flock.Learner.Gpu;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary><c>bench learner --device cuda|ilgpu-cpu [--widths] [--batches] [--parity]</c>, checked and resolved.</summary>
/// <param name="Device">The accelerator measured.</param>
/// <param name="Widths">Hidden widths, or null for the bench's defaults.</param>
/// <param name="Batches">Batch sizes, or null for the bench's defaults.</param>
/// <param name="Parity">Check parity instead of timing.</param>
public sealed record LearnerDeviceOptions(ComputeDevice Device, IReadOnlyList<int>? Widths, IReadOnlyList<int>? Batches, bool Parity)
{
    private const int MaxWidth = 8192;
    private const int MaxBatch = 16384;

    /// <summary>Null when no <c>--device</c> was given (the classic learner bench); a usage error for a flag that does not fit.</summary>
    /// <exception cref="UsageException">A bad value, a flag without <c>--device</c>, or no CUDA device for cuda.</exception>
    public static LearnerDeviceOptions? Parse(string bench, string? device, string? widths, string? batches, bool parity)
    {
        if (device is null)
        {
            var stray = widths is not null ? "--widths" : batches is not null ? "--batches" : parity ? "--parity" : null;
            return stray is null ? null : throw new UsageException($"{stray}: only with bench learner --device cuda|ilgpu-cpu");
        }

        if (bench != "learner")
        {
            throw new UsageException($"--device: only the learner bench runs on a device, not '{bench}'");
        }

        var kind = device switch
        {
            "cuda" => ComputeDeviceKind.Cuda,
            "ilgpu-cpu" => ComputeDeviceKind.IlgpuCpu,
            _ => throw new UsageException($"--device '{device}': the learner bench measures cuda or ilgpu-cpu (the managed CPU backend is plain 'bench learner')"),
        };
        return new LearnerDeviceOptions(PreflightCheck.RequireDevice(kind), List("--widths", widths, MaxWidth), List("--batches", batches, MaxBatch), parity);
    }

    /// <summary>Runs the parity check, prints its figures, and returns exit 0 when every one is within bounds, else 1.</summary>
    public static int RunParity(ComputeDevice device, TextWriter progress, bool json)
    {
        ArgumentNullException.ThrowIfNull(device);
        var figures = GpuLearnerBench.Parity(device, progress);
        var passed = figures.All(f => f.WithinBounds);
        if (json)
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal) { ["bench"] = "learner", ["device"] = device.Label, ["parity_passed"] = passed };
            foreach (var f in figures)
            {
                var key = $"parity.{f.Network.Replace(' ', '_')}";
                result[$"{key}.loss_relative"] = f.LossRelative;
                result[$"{key}.td_relative"] = f.TdRelative;
                result[$"{key}.one_update_relative"] = f.OneUpdateRelative;
                result[$"{key}.hundred_updates_relative"] = f.HundredUpdatesRelative;
                result[$"{key}.hundred_updates_judged"] = f.HundredUpdatesJudged;
                result[$"{key}.managed_sensitivity"] = f.ManagedSensitivity;
                result[$"{key}.within_bounds"] = f.WithinBounds;
            }

            JsonResult.WriteLine(Console.Out, JsonResult.From(result));
        }
        else
        {
            Console.Out.WriteLine($"parity on {device.Label}: {(passed ? "every network within bounds" : "OUT OF BOUNDS (see above)")}");
        }

        return passed ? ExitCodes.Success : ExitCodes.RuntimeFailure;
    }

    private static int[]? List(string flag, string? text, int max)
    {
        if (text is null)
        {
            return null;
        }

        var values = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
            {
                throw new UsageException($"{flag} '{text}': '{part}' is not a whole number from 1 to {max}");
            }

            values.Add(value);
        }

        return [.. values];
    }
}
