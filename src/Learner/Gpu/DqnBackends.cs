using Flock.Learner.Dqn;
using Flock.Shared.Configuration;

namespace Flock.Learner.Gpu;

/// <summary>Builds the <see cref="IDqnBackend"/> for a resolved <see cref="ComputeDevice"/>.</summary>
public static class DqnBackends
{
    /// <summary>
    /// The managed SIMD backend for the CPU, the ILGPU backend on CUDA device <see cref="ComputeDevice.Index"/> for a
    /// GPU, the same kernels on ILGPU's CPU accelerator for ilgpu-cpu. The caller owns the result: dispose it when it is <see cref="IDisposable"/> (the GPU backend holds device memory).
    /// </summary>
    public static IDqnBackend Create(ComputeDevice device, int obsDim, int actionCount, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Kind == ComputeDeviceKind.Cpu
            ? new ManagedDqnBackend(obsDim, actionCount, options)
            : new IlgpuDqnBackend(GpuAccelerator.For(device), obsDim, actionCount, options);
    }
}
