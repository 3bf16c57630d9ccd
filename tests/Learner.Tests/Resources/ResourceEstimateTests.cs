using Flock.Learner.Networks;
using Flock.Learner.Resources;
using Flock.Shared.Networks;

namespace Flock.Learner.Tests.Resources;

public sealed class ResourceEstimateTests
{
    [Theory]
    [InlineData(4, new[] { 64, 64 }, 2, false)]
    [InlineData(6, new[] { 128 }, 3, true)]
    [InlineData(400, new int[0], 6, true)]
    [InlineData(10, new[] { 7, 5, 3 }, 4, false)]
    public void The_mlp_parameter_count_is_the_networks_own(int obsDim, int[] hidden, int actions, bool dueling) =>
        Assert.Equal(new QNetworkSpec(obsDim, actions, hidden, dueling).CreateLayout().TotalLength, NetworkArchitecture.Mlp(hidden).ParameterCount([obsDim], actions, dueling));

    [Fact]
    public void A_network_too_large_for_an_int_is_counted_without_overflow()
    {
        // The case that once overflowed an int in the initializer: 65536 × 65536 weights alone are 2^32.
        Assert.Equal((4L * 65536) + 65536 + (65536L * 65536) + 65536 + (65536L * 2) + 2, NetworkArchitecture.Mlp([65536, 65536]).ParameterCount([4], 2, dueling: false));
    }

    [Fact]
    public void Memory_grows_with_the_network_and_the_replay()
    {
        var small = ResourceEstimate.For(10_000, 200, policyCopies: 4, obsDim: 4, replayCapacity: 100_000, batchSize: 128);
        var wider = ResourceEstimate.For(1_000_000, 2_000, policyCopies: 4, obsDim: 4, replayCapacity: 100_000, batchSize: 128);
        var deeperReplay = ResourceEstimate.For(10_000, 200, policyCopies: 4, obsDim: 4, replayCapacity: 10_000_000, batchSize: 128);
        Assert.True(wider.NetworkBytes == small.NetworkBytes * 100 && wider.OptimizerBytes == small.OptimizerBytes * 100);
        Assert.Equal(small.ReplayBytes * 100, deeperReplay.ReplayBytes);

        // A CartPole record (two 4-float observations and the fields) fits one cache line, plus its priority share.
        Assert.Equal(100_000L * (64 + 16), small.ReplayBytes);
        Assert.Equal(small.NetworkBytes + small.OptimizerBytes + small.ReplayBytes + small.ActivationBytes, small.TotalBytes);
    }
}
