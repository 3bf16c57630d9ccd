using Flock.Learner.Replay;

namespace Flock.Learner.Tests.Replay;

public sealed class ReplayOptionsTests
{
    [Fact]
    public void Defaults_are_the_Schaul_and_Ape_X_values()
    {
        var options = new ReplayOptions(capacity: 1000, obsDim: 4, betaAnnealSamples: 500);
        Assert.Equal(0.6, options.Alpha);
        Assert.Equal(0.4, options.BetaStart);
        Assert.Equal(1e-6, options.PriorityFloor);
        Assert.Equal(500, options.BetaAnnealSamples);
    }

    [Theory]
    [InlineData(0, 4, 10, 0.6, 0.4, 1e-6, "capacity")]
    [InlineData(ReplayOptions.MaxCapacity + 1, 4, 10, 0.6, 0.4, 1e-6, "capacity")]
    [InlineData(10, 0, 10, 0.6, 0.4, 1e-6, "obsDim")]
    [InlineData(1 << 30, 4, 10, 0.6, 0.4, 1e-6, "obsDim")]
    [InlineData(10, 4, -1, 0.6, 0.4, 1e-6, "betaAnnealSamples")]
    [InlineData(10, 4, 10, -0.1, 0.4, 1e-6, "alpha")]
    [InlineData(10, 4, 10, 1.5, 0.4, 1e-6, "alpha")]
    [InlineData(10, 4, 10, double.NaN, 0.4, 1e-6, "alpha")]
    [InlineData(10, 4, 10, 0.6, -0.1, 1e-6, "betaStart")]
    [InlineData(10, 4, 10, 0.6, 1.1, 1e-6, "betaStart")]
    [InlineData(10, 4, 10, 0.6, 0.4, 0.0, "priorityFloor")]
    [InlineData(10, 4, 10, 0.6, 0.4, 1e-50, "priorityFloor")]
    [InlineData(10, 4, 10, 0.6, 0.4, 2.0, "priorityFloor")]
    [InlineData(10, 4, 10, 0.6, 0.4, double.NaN, "priorityFloor")]
    public void Out_of_range_values_are_rejected_naming_the_parameter(int capacity, int obsDim, long anneal, double alpha, double betaStart, double floor, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayOptions(capacity, obsDim, anneal, alpha, betaStart, floor));
        Assert.Equal(parameter, error.ParamName);
    }
}
