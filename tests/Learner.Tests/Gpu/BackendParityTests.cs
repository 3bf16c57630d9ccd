using Flock.Learner.Dqn;
using Flock.Learner.Gpu;

namespace Flock.Learner.Tests.Gpu;

[Collection(GpuCollection.Name)]
public sealed class BackendParityTests
{
    [Fact]
    public void The_cli_parity_check_passes_on_the_cpu_accelerator_for_a_small_network()
    {
        var figures = BackendParity.Check(() => GpuAccelerator.Cpu(), new DqnOptions { HiddenSizes = [16, 16] }, 4, 2, 32);
        Assert.True(figures.HundredUpdatesJudged, $"managed drift {figures.ManagedSensitivity}");
        Assert.True(figures.WithinBounds, figures.ToString());
        Assert.InRange(figures.HundredUpdatesRelative, 0, 1e-3);
    }

    [Theory]
    [InlineData(1e-5, 1e-5, 1e-5, 5e-4, 1e-6, true)]
    [InlineData(2e-4, 1e-5, 1e-5, 5e-4, 1e-6, false)]
    [InlineData(1e-5, 2e-4, 1e-5, 5e-4, 1e-6, false)]
    [InlineData(1e-5, 1e-5, 2e-4, 5e-4, 1e-6, false)]
    [InlineData(1e-5, 1e-5, 1e-5, 2e-3, 1e-6, false)]
    [InlineData(1e-5, 1e-5, 1e-5, 4e-3, 2e-3, true)]
    [InlineData(2e-4, 1e-5, 1e-5, 4e-3, 2e-3, false)]
    public void The_hundred_update_bound_is_judged_only_where_the_managed_backend_holds_itself_to_it(
        double loss, double td, double one, double hundred, double drift, bool within)
    {
        var figures = new ParityFigures("net", loss, td, one, hundred, drift);
        Assert.Equal(drift < 1e-4, figures.HundredUpdatesJudged);
        Assert.Equal(within, figures.WithinBounds);
    }
}
