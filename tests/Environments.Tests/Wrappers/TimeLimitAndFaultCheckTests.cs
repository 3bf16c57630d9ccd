using Flock.Environments.Tests.Support;

namespace Flock.Environments.Tests.Wrappers;

public sealed class TimeLimitAndFaultCheckTests
{
    [Fact]
    public void The_time_limit_truncates_at_exactly_the_limit_and_restarts_on_reset()
    {
        var limited = new TimeLimitWrapper(new ScriptedEnvironment { EpisodeLength = 100 }, 3);
        var observation = new float[3];
        limited.Reset(observation);
        Assert.False(limited.Step(0, observation).Truncated);
        Assert.False(limited.Step(0, observation).Truncated);
        var last = limited.Step(0, observation);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);

        limited.Reset(observation);
        Assert.Equal(0, limited.ElapsedSteps);
        Assert.False(limited.Step(0, observation).Truncated);
    }

    [Fact]
    public void Termination_on_the_last_allowed_step_reports_both_flags_like_Gymnasium()
    {
        var limited = new TimeLimitWrapper(new ScriptedEnvironment { EpisodeLength = 2 }, 2);
        var observation = new float[3];
        limited.Reset(observation);
        limited.Step(0, observation);
        var result = limited.Step(0, observation);
        Assert.True(result.Terminated);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void Unwrap_reaches_the_core_through_every_wrapper()
    {
        var core = new CartPoleEnvironment();
        var wrapped = new FaultCheckWrapper(new ObservationNormalizationWrapper(new TimeLimitWrapper(core, 5)), "CartPole-v1");
        Assert.Same(core, EnvironmentWrapper.Unwrap(wrapped));
        Assert.Same(core, wrapped.Unwrapped);
    }

    [Fact]
    public void The_fault_check_names_env_episode_and_step_of_a_NaN()
    {
        var checkedEnv = new FaultCheckWrapper(new ScriptedEnvironment { EpisodeLength = 2, NaNObservationAt = (1, 1) }, "Scripted-v0");
        var observation = new float[3];
        checkedEnv.Reset(observation, seed: 4);
        checkedEnv.Step(0, observation);
        checkedEnv.Step(0, observation);
        checkedEnv.Reset(observation);

        var fault = Assert.Throws<EnvironmentFaultException>(() => checkedEnv.Step(0, observation));
        Assert.Equal(("Scripted-v0", -1, 1L, 1), (fault.EnvId, fault.EnvIndex, fault.Episode, fault.Step));
        Assert.Equal("Environment 'Scripted-v0' faulted at episode 1, step 1: observation[1] is NaN", fault.Message);
    }

    [Fact]
    public void The_fault_check_wraps_exceptions_but_not_bad_actions()
    {
        var checkedEnv = new FaultCheckWrapper(new ScriptedEnvironment { ThrowAt = (0, 1) }, "Scripted-v0");
        var observation = new float[3];
        checkedEnv.Reset(observation, seed: 0);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => checkedEnv.Step(2, observation));
        Assert.Contains("action 2 is outside Discrete(2)", outside.Message);

        var fault = Assert.Throws<EnvironmentFaultException>(() => checkedEnv.Step(1, observation));
        Assert.Equal(EnvironmentFaultKind.Threw, fault.Kind);
        Assert.IsType<InvalidOperationException>(fault.InnerException);
    }
}
