namespace Flock.Environments.Tests.Wrappers;

public sealed class RewardWrapperTests
{
    [Fact]
    public void Potential_based_shaping_pays_the_change_in_potential_and_zero_potential_at_the_end()
    {
        var shaper = RewardShapingWrapper.PotentialBased(o => o[0], gamma: 0.5f);
        Assert.Equal(1f + 0.5f * 4f - 2f, shaper([2f], 0, 1f, [4f], terminated: false));
        Assert.Equal(1f - 2f, shaper([2f], 0, 1f, [4f], terminated: true));
    }

    [Fact]
    public void The_shaper_sees_the_observation_before_and_after_each_step()
    {
        var seen = new List<(float Before, int Action, float Reward, float After, bool Terminated)>();
        var goalReach = new GoalReachEnvironment();
        var shaped = new RewardShapingWrapper(goalReach, (before, action, reward, after, terminated) =>
        {
            seen.Add((before[0], action, reward, after[0], terminated));
            return 42f;
        });
        var observation = new float[1];
        shaped.Reset(observation, seed: 1);
        goalReach.SetState([19]);
        var start = observation[0];
        Assert.Equal(42f, shaped.Step(0, observation).Reward);
        Assert.Equal(42f, shaped.Step(1, observation).Reward);

        Assert.Equal((start, 0, 0f, 18f / 20, false), seen[0]);
        Assert.Equal((18f / 20, 1, 0f, 19f / 20, false), seen[1]);
    }

    [Fact]
    public void GoalReachShaped_returns_telescope_to_the_goal_reward_plus_the_starting_distance()
    {
        var registry = EnvRegistry.CreateWithBuiltIns();
        var shaped = registry.Make(BuiltInEnvironments.GoalReachShaped);
        var core = (GoalReachEnvironment)EnvironmentWrapper.Unwrap(shaped);
        var observation = new float[1];
        shaped.Reset(observation, seed: 3);
        var start = (int)core.State[0];

        // A detour (two steps left, back) changes nothing: the shaping terms cancel.
        double total = 0;
        StepResult result;
        int[] detour = [0, 0, 1, 1];
        foreach (var action in detour)
        {
            total += shaped.Step(action, observation).Reward;
        }

        do
        {
            result = shaped.Step(1, observation);
            total += result.Reward;
        }
        while (!result.Done);

        Assert.True(result.Terminated);
        Assert.Equal(1 + (20.0 - start) / 20, total, 5);
        Assert.True(total >= registry.Get(BuiltInEnvironments.GoalReachShaped).SolveThreshold);
    }

    [Fact]
    public void Rewards_are_scaled_then_clipped()
    {
        var scaled = new RewardScaleClipWrapper(new GoalReachEnvironment(), scale: 5f, min: -1f, max: 2f);
        var goalReach = (GoalReachEnvironment)scaled.Inner;
        var observation = new float[1];
        scaled.Reset(observation, seed: 0);
        goalReach.SetState([19]);
        Assert.Equal(2f, scaled.Step(1, observation).Reward);

        var halved = new RewardScaleClipWrapper(new MountainCarEnvironment(), scale: 0.5f);
        halved.Reset(new float[2], seed: 0);
        Assert.Equal(-0.5f, halved.Step(1, new float[2]).Reward);
        Assert.Throws<ArgumentException>(() => new RewardScaleClipWrapper(new GoalReachEnvironment(), min: 1f, max: 0f));
    }
}
