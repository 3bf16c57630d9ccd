using Flock.Actors.Cli;
using Flock.Actors.Run;

namespace Flock.Actors.Tests.Run;

public sealed class RunOutcomeTests
{
    private static RunSummary Summary(bool solved, bool solvedAtEnd, double? final) => new()
    {
        Env = "CartPole-v1",
        StopReason = "max-seconds",
        RunDir = "/tmp/x",
        Solved = solved,
        SolveThreshold = 475,
        SolvedAtSeconds = solved ? 9.5 : null,
        SolvedAtEnvSteps = solved ? 120_000 : null,
        SolvedAtEnd = solvedAtEnd,
        FinalEvalMeanReturn = final,
    };

    [Fact]
    public void A_run_that_reached_the_threshold_and_fell_back_says_so()
    {
        Assert.Equal("reached 475 at 9.5 s (120,000 env steps), then fell to 90.6: not solved at the end", RunSummaryOutput.Outcome(Summary(true, false, 90.6)));
        Assert.Equal("solved in 9.5 s (120,000 env steps)", RunSummaryOutput.Outcome(Summary(true, true, 480)));
        Assert.Equal("not solved", RunSummaryOutput.Outcome(Summary(false, false, 20)));
    }

    [Fact]
    public void A_slow_environment_is_named_as_the_bottleneck_and_a_fast_one_is_not()
    {
        var slow = new RunMetrics { EnvSteps = 10_000, EnvSteppingSeconds = 10.2, EnvInferenceSeconds = 0.2, EnvBatchingSeconds = 0.1 };
        Assert.Equal("the environment: stepping is 97% of the actors' time, 1.02 ms a step", EnvironmentBottleneck.Describe(slow));
        Assert.Contains("bottleneck: the environment", ProgressView.PlainLine("t", slow), StringComparison.Ordinal);

        // CartPole: stepping is a small share of the actors' time (inference dominates).
        var fast = new RunMetrics { EnvSteps = 1_000_000, EnvSteppingSeconds = 0.3, EnvInferenceSeconds = 1.4, EnvBatchingSeconds = 0.25 };
        Assert.Null(EnvironmentBottleneck.Describe(fast));
        Assert.Null(EnvironmentBottleneck.Describe(new RunMetrics()));
    }
}
