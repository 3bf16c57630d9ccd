using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Flock.Learner.Gpu;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl devices [--json]</c>: what the learner can train on here (<c>--device</c>): the CPU and every CUDA device found.</summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var command = new Command("devices", "List what the learner can train on here (--device): the CPU and every CUDA device found.") { json };
        command.SetAction(parse =>
        {
            var cuda = ComputeDevices.FindCuda();
            var auto = ComputeDevices.Resolve(Shared.Configuration.ComputeDeviceKind.Auto);
            if (parse.GetValue(json))
            {
                JsonResult.WriteLine(Console.Out, new JsonObject
                {
                    ["cpu"] = new JsonObject { ["label"] = ComputeDevice.Cpu.Label, ["name"] = ComputeDevice.Cpu.Name, ["cores"] = Environment.ProcessorCount },
                    ["cuda"] = new JsonArray(cuda.Select(d => (JsonNode?)new JsonObject
                    {
                        ["index"] = d.Index,
                        ["label"] = d.Label,
                        ["name"] = d.Name,
                        ["memory_bytes"] = d.MemoryBytes,
                        ["memory_gib"] = Math.Round(Gib(d.MemoryBytes), 1),
                    }).ToArray()),
                    ["looked_for"] = ComputeDevices.WhatIsLookedFor,
                    ["cuda_problem"] = ComputeDevices.CudaProbeProblem,
                    ["ilgpu_cpu"] = ComputeDevice.IlgpuCpu.Name,
                    ["auto"] = auto.Label,
                });
                return ExitCodes.Success;
            }

            Console.Out.WriteLine($"cpu      {ComputeDevice.Cpu.Name}");
            foreach (var device in cuda)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cuda:{device.Index}   {device.Name}, {Gib(device.MemoryBytes):0.0} GiB"));
            }

            if (cuda.Count == 0)
            {
                Console.Out.WriteLine($"no CUDA device found (looked for {ComputeDevices.WhatIsLookedFor}: {ComputeDevices.CudaProbeProblem}); --device cuda is refused here");
            }

            Console.Out.WriteLine($"ilgpu-cpu  {ComputeDevice.IlgpuCpu.Name}: slow, for checking the GPU path without a GPU");

            Console.Out.WriteLine($"--device auto trains on {auto.Label}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static double Gib(long bytes) => bytes / (double)(1L << 30);
}
