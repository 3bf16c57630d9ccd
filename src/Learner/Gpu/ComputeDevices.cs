using Flock.Shared.Configuration;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Flock.Learner.Gpu;

/// <summary>A device the learner can train on, as <c>flockrl devices</c> lists it.</summary>
/// <param name="Kind">Cpu (the managed SIMD backend) or Cuda.</param>
/// <param name="Name">What the driver calls it, e.g. "NVIDIA H100 80GB HBM3"; "managed SIMD" for the CPU.</param>
/// <param name="Index">The CUDA device ordinal; 0 for the CPU.</param>
/// <param name="MemoryBytes">Device memory; 0 for the CPU.</param>
public sealed record ComputeDevice(ComputeDeviceKind Kind, string Name, int Index, long MemoryBytes)
{
    /// <summary>The managed backend on this machine's CPU.</summary>
    public static ComputeDevice Cpu { get; } = new(ComputeDeviceKind.Cpu, $"managed SIMD on {Environment.ProcessorCount} CPU cores", 0, 0);

    /// <summary>The GPU backend's kernels on ILGPU's CPU accelerator.</summary>
    public static ComputeDevice IlgpuCpu { get; } = new(ComputeDeviceKind.IlgpuCpu, "ILGPU CPU accelerator (the GPU kernels, run on the CPU)", 0, 0);

    /// <summary>What progress lines, summary.json and the doctor say: "cpu", "ilgpu-cpu" or "cuda:0 (NVIDIA H100 80GB HBM3)".</summary>
    public string Label => Kind switch
    {
        ComputeDeviceKind.Cuda => $"cuda:{Index} ({Name})",
        ComputeDeviceKind.IlgpuCpu => "ilgpu-cpu",
        _ => "cpu",
    };
}

/// <summary>
/// Finds CUDA devices through ILGPU (the CUDA driver, libcuda, alone: no toolkit) and resolves <c>--device</c>.
/// A machine without the driver simply has no CUDA devices; nothing here requires one.
/// </summary>
public static class ComputeDevices
{
    /// <summary>What <see cref="FindCuda"/> looks for, for messages.</summary>
    public const string WhatIsLookedFor = "a CUDA device through the CUDA driver (libcuda.so.1, as ILGPU loads it)";

    private static readonly Lazy<(IReadOnlyList<ComputeDevice> Devices, string? Problem)> Found = new(Probe);

    /// <summary>The CUDA devices found, in driver order; empty without a driver or a device. Probed once per process.</summary>
    public static IReadOnlyList<ComputeDevice> FindCuda() => Found.Value.Devices;

    /// <summary>Why no CUDA device was found ("the driver did not load", the driver's error), or null when one was.</summary>
    public static string? CudaProbeProblem => Found.Value.Problem;

    /// <summary>
    /// The device <paramref name="requested"/> means here: Auto is the first CUDA device or the CPU; Cuda without
    /// a CUDA device is refused.
    /// </summary>
    /// <exception cref="DeviceNotFoundException">Cuda was asked for and none was found.</exception>
    public static ComputeDevice Resolve(ComputeDeviceKind requested)
    {
        var cuda = FindCuda();
        return requested switch
        {
            ComputeDeviceKind.Cpu => ComputeDevice.Cpu,
            ComputeDeviceKind.IlgpuCpu => ComputeDevice.IlgpuCpu,
            ComputeDeviceKind.Auto => cuda.Count > 0 ? cuda[0] : ComputeDevice.Cpu,
            _ => cuda.Count > 0
                ? cuda[0]
                : throw new DeviceNotFoundException(
                    $"--device cuda: no CUDA device was found (looked for {WhatIsLookedFor}{ProbeProblemSuffix()}); use --device cpu or auto"),
        };
    }

    // ILGPU lists no device both without a driver and with one that sees no GPU; asking the driver's version tells which.
    private static string WhyNoDevice()
    {
        try
        {
            var error = CudaAPI.CurrentAPI.GetDriverVersion(out var version);
            return error == CudaError.CUDA_SUCCESS ? $"the CUDA driver {version} lists no device" : $"the CUDA driver answered {error}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or NotSupportedException)
        {
            return $"libcuda.so.1 could not be loaded, so no NVIDIA driver is installed here ({e.Message})";
        }
    }

    private static string ProbeProblemSuffix() => CudaProbeProblem is { } problem ? $": {problem}" : string.Empty;

    private static (IReadOnlyList<ComputeDevice>, string?) Probe()
    {
        try
        {
            using var context = Context.Create(builder => builder.Cuda());
            var devices = context.GetCudaDevices();
            var problem = devices.Count > 0 ? null : WhyNoDevice();

            var found = new List<ComputeDevice>(devices.Count);
            for (var index = 0; index < devices.Count; index++)
            {
                found.Add(new ComputeDevice(ComputeDeviceKind.Cuda, devices[index].Name, index, devices[index].MemorySize));
            }

            return (found, problem);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CudaException or TypeInitializationException or InvalidOperationException or NotSupportedException)
        {
            return ([], e.Message);
        }
    }
}

/// <summary>The device asked for with <c>--device</c> does not exist here.</summary>
public sealed class DeviceNotFoundException(string message) : Exception(message);
