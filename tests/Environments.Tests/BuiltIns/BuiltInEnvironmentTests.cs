using Flock.Environments.Tests.Support;

namespace Flock.Environments.Tests.BuiltIns;

public sealed class BuiltInEnvironmentTests
{
    public static TheoryData<string> Ids() => [.. BuiltInEnvironments.Ids];

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_same_seed_gives_the_same_trajectory_and_another_seed_a_different_one(string id)
    {
        var first = Rollout(id, seed: 11);
        Assert.Equal(first, Rollout(id, seed: 11));
        Assert.NotEqual(first, Rollout(id, seed: 12));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void An_action_outside_the_space_names_the_action_and_the_space(string id)
    {
        var registration = EnvRegistry.CreateWithBuiltIns().Get(id);
        var environment = registration.Make();
        var observation = new float[registration.ObservationSpace.Size];
        environment.Reset(observation, seed: 0);
        var n = registration.ActionSpace.N;

        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => environment.Step(n, observation));
        Assert.StartsWith($"action {n} is outside Discrete({n}): allowed 0..{n - 1}", tooLarge.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => environment.Step(-1, observation));
        Assert.StartsWith($"action -1 is outside Discrete({n})", negative.Message);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Observations_stay_in_the_observation_space(string id)
    {
        var registration = EnvRegistry.CreateWithBuiltIns().Get(id);
        var environment = registration.Make();
        var observation = new float[registration.ObservationSpace.Size];
        environment.Reset(observation, seed: 8);
        var actions = RandomActions.Table(2000, registration.ActionSpace.N, 8);
        foreach (var action in actions)
        {
            Assert.True(registration.ObservationSpace.Contains(observation), $"{string.Join(", ", observation)} outside {registration.ObservationSpace}");
            if (environment.Step(action, observation).Done)
            {
                environment.Reset(observation);
            }
        }
    }

    [Fact]
    public void CartPole_pays_one_on_the_terminating_step_and_zero_for_steps_beyond_it()
    {
        var cartPole = new CartPoleEnvironment();
        var observation = new float[4];
        cartPole.Reset(observation, seed: 0);
        cartPole.SetState([0, 0, 0.2, 2.0]);
        var falling = cartPole.Step(1, observation);
        Assert.True(falling.Terminated);
        Assert.Equal(1f, falling.Reward);
        Assert.Equal(0f, cartPole.Step(1, observation).Reward);

        cartPole.Reset(observation);
        Assert.Equal(1f, cartPole.Step(1, observation).Reward);
    }

    [Fact]
    public void CartPole_starts_within_five_hundredths_of_upright()
    {
        var cartPole = new CartPoleEnvironment();
        var observation = new float[4];
        for (ulong seed = 0; seed < 50; seed++)
        {
            cartPole.Reset(observation, seed);
            Assert.All(cartPole.State.ToArray(), s => Assert.InRange(s, -0.05, 0.05));
        }
    }

    [Fact]
    public void MountainCar_stops_at_the_left_wall_and_terminates_at_the_goal()
    {
        var car = new MountainCarEnvironment();
        var observation = new float[2];
        car.Reset(observation, seed: 0);
        car.SetState([-1.19, -0.05]);
        car.Step(0, observation);
        Assert.Equal([-1.2, 0.0], car.State.ToArray());

        car.SetState([0.49, 0.02]);
        var result = car.Step(2, observation);
        Assert.True(result.Terminated);
        Assert.Equal(-1f, result.Reward);
    }

    [Fact]
    public void Acrobot_pays_zero_when_the_tip_rises_above_the_line()
    {
        var acrobot = new AcrobotEnvironment();
        var observation = new float[6];
        acrobot.Reset(observation, seed: 0);
        acrobot.SetState([Math.PI, 0, 0, 0]);
        var result = acrobot.Step(1, observation);
        Assert.True(result.Terminated);
        Assert.Equal(0f, result.Reward);

        acrobot.Reset(observation);
        Assert.Equal(-1f, acrobot.Step(1, observation).Reward);
        Assert.All(acrobot.State[..2].ToArray(), angle => Assert.InRange(angle, -Math.PI, Math.PI));
    }

    [Fact]
    public void GoalReach_pays_only_at_the_goal()
    {
        var goalReach = new GoalReachEnvironment();
        var observation = new float[1];
        goalReach.Reset(observation, seed: 0);
        Assert.InRange(goalReach.State[0], 0, GoalReachEnvironment.MaxStartPosition);

        goalReach.SetState([0]);
        var wall = goalReach.Step(0, observation);
        Assert.Equal((0f, false, 0f), (wall.Reward, wall.Terminated, observation[0]));

        goalReach.SetState([GoalReachEnvironment.GoalPosition - 1]);
        var goal = goalReach.Step(1, observation);
        Assert.Equal((1f, true, 1f), (goal.Reward, goal.Terminated, observation[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => goalReach.SetState([0.5]));
    }

    [Fact]
    public void Sparse_GoalReach_is_rarely_solved_by_chance_within_its_time_limit()
    {
        // The reason GoalReachShaped exists: random exploration almost never sees the reward.
        var environment = EnvRegistry.CreateWithBuiltIns().Make(BuiltInEnvironments.GoalReach);
        var observation = new float[1];
        var actions = RandomActions.Table(1 << 16, 2, 77);
        environment.Reset(observation, seed: 77);
        int episodes = 0, reached = 0;
        foreach (var action in actions)
        {
            var result = environment.Step(action, observation);
            if (result.Done)
            {
                episodes++;
                reached += result.Terminated ? 1 : 0;
                environment.Reset(observation);
            }
        }

        Assert.InRange(reached / (double)episodes, 0.0, 0.25);
    }

    [Fact]
    public void SetState_rejects_a_state_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => new CartPoleEnvironment().SetState([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => new MountainCarEnvironment().SetState([1]));
        Assert.Throws<ArgumentException>(() => new AcrobotEnvironment().SetState([1, 2, 3, 4, 5]));
    }

    private static string Rollout(string id, ulong seed)
    {
        var registration = EnvRegistry.CreateWithBuiltIns().Get(id);
        var environment = registration.Make();
        var observation = new float[registration.ObservationSpace.Size];
        var trace = new System.Text.StringBuilder();
        environment.Reset(observation, seed);
        foreach (var action in RandomActions.Table(1500, registration.ActionSpace.N, 3))
        {
            var result = environment.Step(action, observation);
            trace.Append(string.Join(',', observation)).Append(result).Append(';');
            if (result.Done)
            {
                environment.Reset(observation);
                trace.Append(string.Join(',', observation)).Append('|');
            }
        }

        return trace.ToString();
    }
}
