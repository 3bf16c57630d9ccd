using Flock.Shared.Configuration;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Flock.Learner.Gpu;

/// <summary>
/// One ILGPU context and accelerator, owned together: a CUDA device for training, or ILGPU's CPU accelerator, which
/// runs the very same kernels on any machine (the parity tests, and <c>bench learner --device ilgpu-cpu</c>).
/// </summary>
public sealed class GpuAccelerator : IDisposable
{
    private readonly Context _context;

    private GpuAccelerator(Context context, Accelerator accelerator, string label)
    {
        _context = context;
        Accelerator = accelerator;
        Label = label;
    }

    public Accelerator Accelerator { get; }

    /// <summary>"cuda:0 (NVIDIA H100 80GB HBM3)" or "ilgpu-cpu".</summary>
    public string Label { get; }

    /// <summary>The accelerator of <paramref name="device"/>: a CUDA device, or ILGPU's CPU accelerator on every core.</summary>
    /// <exception cref="ArgumentException">The managed CPU backend, which has no accelerator.</exception>
    public static GpuAccelerator For(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Kind switch
        {
            ComputeDeviceKind.Cuda => Cuda(device.Index),
            ComputeDeviceKind.IlgpuCpu => Cpu(Environment.ProcessorCount),
            _ => throw new ArgumentException($"{device.Label} is the managed backend, which runs without an accelerator", nameof(device)),
        };
    }

    /// <summary>CUDA device <paramref name="index"/> (see <see cref="ComputeDevices.FindCuda"/>).</summary>
    public static GpuAccelerator Cuda(int index)
    {
        var context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Math(MathMode.Default));
        try
        {
            var device = context.GetCudaDevice(index);
            var accelerator = device.CreateCudaAccelerator(context);
            return new GpuAccelerator(context, accelerator, $"cuda:{index} ({device.Name})");
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator, one simulated warp of <paramref name="threads"/> threads. The kernels need no shared
    /// memory or barriers, so small groups cost nothing in meaning and keep the tests' OS threads few.
    /// </summary>
    public static GpuAccelerator Cpu(int threads = 4)
    {
        var context = Context.Create(builder => builder.CPU(new CPUDevice(threads, 1, 1)).EnableAlgorithms());
        try
        {
            return new GpuAccelerator(context, context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel), "ilgpu-cpu");
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
