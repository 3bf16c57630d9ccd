using Flock.Learner.Dqn;
using Flock.Learner.Gpu;
using Flock.Shared.Configuration;

namespace Flock.Learner.Tests.Gpu;

[Collection(GpuCollection.Name)]
public sealed class ComputeDevicesTests
{
    [Fact]
    public void Cpu_is_always_the_managed_backend()
    {
        Assert.Equal(ComputeDevice.Cpu, ComputeDevices.Resolve(ComputeDeviceKind.Cpu));
        Assert.Equal("cpu", ComputeDevice.Cpu.Label);
    }

    [Fact]
    public void Auto_takes_the_first_cuda_device_or_the_cpu()
    {
        var cuda = ComputeDevices.FindCuda();
        var resolved = ComputeDevices.Resolve(ComputeDeviceKind.Auto);
        Assert.Equal(cuda.Count > 0 ? cuda[0] : ComputeDevice.Cpu, resolved);
    }

    [Fact]
    public void Cuda_without_a_device_is_refused_saying_what_was_looked_for()
    {
        if (ComputeDevices.FindCuda().Count > 0)
        {
            Assert.Equal(ComputeDeviceKind.Cuda, ComputeDevices.Resolve(ComputeDeviceKind.Cuda).Kind);
            return;
        }

        var error = Assert.Throws<DeviceNotFoundException>(() => ComputeDevices.Resolve(ComputeDeviceKind.Cuda));
        Assert.Contains("no CUDA device was found", error.Message, StringComparison.Ordinal);
        Assert.Contains("libcuda", error.Message, StringComparison.Ordinal);
        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_backend_is_managed_and_needs_no_disposal()
    {
        var backend = DqnBackends.Create(ComputeDevice.Cpu, 4, 2, new DqnOptions { HiddenSizes = [8] });
        Assert.IsType<ManagedDqnBackend>(backend);
    }

    [Fact]
    public void Ilgpu_cpu_runs_the_gpu_backend_on_the_cpu_accelerator()
    {
        Assert.Equal(ComputeDevice.IlgpuCpu, ComputeDevices.Resolve(ComputeDeviceKind.IlgpuCpu));
        var backend = DqnBackends.Create(ComputeDevice.IlgpuCpu, 4, 2, new DqnOptions { HiddenSizes = [8] });
        using var disposable = Assert.IsType<IlgpuDqnBackend>(backend);
        Assert.Equal("ilgpu-cpu", disposable.DeviceLabel);
        Assert.Throws<ArgumentException>(() => GpuAccelerator.For(ComputeDevice.Cpu));
    }
}
