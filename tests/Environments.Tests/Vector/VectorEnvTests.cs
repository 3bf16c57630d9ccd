using Flock.Environments.Tests.Support;

namespace Flock.Environments.Tests.Vector;

public sealed class VectorEnvTests
{
    private const string ScriptedId = "Scripted-v0";

    [Fact]
    public void Auto_reset_keeps_the_last_observation_in_FinalObservations_and_starts_the_next_episode()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment { EpisodeLength = 3 }, 2);
        vector.Reset(7);
        int[] actions = [0, 1];

        vector.Step(actions);
        vector.Step(actions);
        Assert.Equal([false, false], vector.Terminated.ToArray());
        Assert.Equal(vector.Observations.ToArray(), vector.FinalObservations.ToArray());
        Assert.Equal([3.0, 3.0], vector.RunningReturns.ToArray());

        vector.Step(actions);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(vector.Terminated[i]);
            Assert.False(vector.Truncated[i]);
            Assert.Equal(3f, vector.Rewards[i]);
            Assert.Equal([0f, 3f], vector.FinalObservation(i)[1..].ToArray());
            Assert.Equal([1f, 0f], vector.Observation(i)[1..].ToArray());
            Assert.Equal(6.0, vector.FinishedReturns[i]);
            Assert.Equal(3, vector.FinishedLengths[i]);
            Assert.Equal(0.0, vector.RunningReturns[i]);
            Assert.Equal(0, vector.RunningLengths[i]);
        }

        Assert.Equal(2, vector.FinishedCount);
        Assert.Equal(2, vector.TotalEpisodes);
        Assert.Equal(6, vector.TotalSteps);

        vector.Step(actions);
        Assert.Equal(0, vector.FinishedCount);
        Assert.Equal([1f, 1f], vector.Observation(0)[1..].ToArray());
    }

    [Fact]
    public void A_truncated_episode_keeps_its_final_observation_and_is_not_terminated()
    {
        using var vector = new VectorEnv(
            ScriptedId, () => new TimeLimitWrapper(new ScriptedEnvironment { EpisodeLength = 100 }, 2), 3);
        vector.Reset(1);
        int[] actions = [1, 1, 1];
        vector.Step(actions);
        vector.Step(actions);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(vector.Truncated[i]);
            Assert.False(vector.Terminated[i]);
            Assert.Equal(2f, vector.FinalObservation(i)[2]);
            Assert.Equal(0f, vector.Observation(i)[2]);
            Assert.Equal(1f, vector.Observation(i)[1]);
            Assert.Equal(2, vector.FinishedLengths[i]);
        }

        Assert.Equal(3, vector.FinishedCount);
    }

    [Fact]
    public void Environment_i_is_seeded_with_the_derived_seed()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 4);
        vector.Reset(123);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Seeding.ForIndex(123, i), ((ScriptedEnvironment)vector.Environment(i)).LastSeed);
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void A_vector_steps_exactly_like_separate_environments_with_the_derived_seeds(string id)
    {
        const int Count = 4;
        const ulong Seed = 2024;
        var registration = EnvRegistry.CreateWithBuiltIns().Get(id);
        using var vector = registration.MakeVector(Count);
        var singles = Enumerable.Range(0, Count).Select(_ => registration.Make()).ToArray();
        var size = registration.ObservationSpace.Size;
        var observation = new float[size];
        var expectedObservations = new float[Count * size];
        vector.Reset(Seed);
        for (var i = 0; i < Count; i++)
        {
            singles[i].Reset(expectedObservations.AsSpan(i * size, size), Seeding.ForIndex(Seed, i));
        }

        Assert.Equal(expectedObservations, vector.Observations.ToArray());
        // Long enough for every built-in to end an episode: MinAtar Freeway always runs 2,501 steps.
        var steps = id.Contains("Freeway", StringComparison.Ordinal) ? 2600 : 600;
        var actions = RandomActions.Table(Count * steps, registration.ActionSpace.N, 5);
        for (var t = 0; t < steps; t++)
        {
            var stepActions = actions.AsSpan(t * Count, Count);
            vector.Step(stepActions);
            for (var i = 0; i < Count; i++)
            {
                var result = singles[i].Step(stepActions[i], observation);
                Assert.Equal(result.Reward, vector.Rewards[i]);
                Assert.Equal(result.Terminated, vector.Terminated[i]);
                Assert.Equal(result.Truncated, vector.Truncated[i]);
                Assert.Equal(observation, vector.FinalObservation(i).ToArray());
                if (result.Done)
                {
                    singles[i].Reset(observation);
                }

                Assert.Equal(observation, vector.Observation(i).ToArray());
            }
        }

        Assert.True(vector.TotalEpisodes > 0, "the comparison should cover auto-resets");
    }

    public static TheoryData<string> BuiltInIds() => [.. BuiltInEnvironments.Ids];

    [Fact]
    public void Stepping_allocates_nothing()
    {
        using var vector = EnvRegistry.CreateWithBuiltIns().MakeVector(BuiltInEnvironments.CartPole, 64);
        var actions = RandomActions.Table(64 * 16, 2, 1);
        vector.Reset(3);
        for (var t = 0; t < 2000; t++)
        {
            vector.Step(actions.AsSpan((t % 16) * 64, 64));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < 2000; t++)
        {
            vector.Step(actions.AsSpan((t % 16) * 64, 64));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Step_before_reset_is_refused()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 2);
        var exception = Assert.Throws<InvalidOperationException>(() => vector.Step([0, 0]));
        Assert.Contains("Reset", exception.Message);
    }

    [Fact]
    public void An_action_outside_the_space_is_named_and_nothing_is_stepped()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 3);
        vector.Reset(0);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => vector.Step([0, 3, 1]));
        Assert.Contains("action 3 is outside Discrete(2): allowed 0..1", exception.Message);
        Assert.Contains("environment 1", exception.Message);
        Assert.Equal(0, vector.TotalSteps);
        Assert.Throws<ArgumentException>(() => vector.Step([0, 1]));
    }

    [Fact]
    public void A_NaN_observation_faults_with_env_index_episode_and_step_and_the_others_keep_going()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment { EpisodeLength = 3 }, 3);
        ((ScriptedEnvironment)vector.Environment(1)).NaNObservationAt = (1, 2);
        vector.Reset(0);
        int[] actions = [0, 0, 0];
        for (var t = 0; t < 4; t++)
        {
            vector.Step(actions);
        }

        var fault = Assert.Throws<EnvironmentFaultException>(() => vector.Step(actions));
        Assert.Equal(ScriptedId, fault.EnvId);
        Assert.Equal(1, fault.EnvIndex);
        Assert.Equal(1, fault.Episode);
        Assert.Equal(2, fault.Step);
        Assert.Equal(EnvironmentFaultKind.NonFiniteObservation, fault.Kind);
        Assert.Contains("'Scripted-v0' (vector index 1) faulted at episode 1, step 2: observation[1] is NaN", fault.Message);

        // The step completed: the other rows are valid transitions, the faulted one is flagged and reset.
        Assert.Equal([false, true, false], vector.Faulted.ToArray());
        Assert.Equal(1, vector.FaultedCount);
        Assert.Equal([2f, 0f, 2f], vector.Rewards.ToArray());
        Assert.Equal([0f, 0f, 0f], vector.FinalObservation(1).ToArray());
        Assert.Equal([2f, 0f], vector.Observation(1)[1..].ToArray());
        Assert.Equal(0, vector.RunningLengths[1]);
        Assert.Equal(1, vector.TotalFaults);

        // Envs 0 and 2 finish their second episode; env 1's dropped episode never counts as finished.
        vector.Step(actions);
        Assert.Equal([false, false, false], vector.Faulted.ToArray());
        Assert.Equal([true, false, true], vector.Terminated.ToArray());
        Assert.Equal(2, vector.FinishedCount);
        Assert.Equal(5, vector.TotalEpisodes);
    }

    [Fact]
    public void An_infinite_reward_faults()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 2);
        ((ScriptedEnvironment)vector.Environment(0)).InfiniteRewardAt = (0, 1);
        vector.Reset(0);
        var fault = Assert.Throws<EnvironmentFaultException>(() => vector.Step([1, 1]));
        Assert.Equal(EnvironmentFaultKind.NonFiniteReward, fault.Kind);
        Assert.Equal((0, 0L, 1), (fault.EnvIndex, fault.Episode, fault.Step));
        Assert.Contains("reward is", fault.Message);
        Assert.Equal(0f, vector.Rewards[0]);
        Assert.Equal(1f, vector.Rewards[1]);
    }

    [Fact]
    public void An_environment_that_throws_is_wrapped_with_its_exception()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 2);
        ((ScriptedEnvironment)vector.Environment(1)).ThrowAt = (0, 2);
        vector.Reset(0);
        vector.Step([0, 0]);
        var fault = Assert.Throws<EnvironmentFaultException>(() => vector.Step([0, 0]));
        Assert.Equal(EnvironmentFaultKind.Threw, fault.Kind);
        Assert.Equal((1, 0L, 2), (fault.EnvIndex, fault.Episode, fault.Step));
        var inner = Assert.IsType<InvalidOperationException>(fault.InnerException);
        Assert.Contains("scripted step failure", inner.Message);
        Assert.Contains("it threw InvalidOperationException: scripted step failure in episode 0", fault.Message);
        Assert.True(vector.Faulted[1]);
    }

    [Fact]
    public void A_faulted_environment_starts_its_next_episode_with_a_fresh_seed_that_depends_only_on_the_run()
    {
        ulong? SeedAfterFault()
        {
            using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 2);
            ((ScriptedEnvironment)vector.Environment(1)).ThrowAt = (0, 2);
            vector.Reset(7);
            vector.Step([0, 0]);
            Assert.Throws<EnvironmentFaultException>(() => vector.Step([0, 0]));
            return ((ScriptedEnvironment)vector.Environment(1)).LastSeed;
        }

        // Not the seed the faulted episode came from (its fault is not replayed), and the same in every run.
        var seed = SeedAfterFault();
        Assert.NotNull(seed);
        Assert.NotEqual(Seeding.ForIndex(7, 1), seed);
        Assert.Equal(seed, SeedAfterFault());
    }

    [Fact]
    public void A_failed_auto_reset_keeps_the_finished_transition_and_is_retried_on_the_next_step()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment { EpisodeLength = 1 }, 2);
        var flaky = (ScriptedEnvironment)vector.Environment(0);
        flaky.ThrowAt = (1, 0);
        vector.Reset(0);

        var fault = Assert.Throws<EnvironmentFaultException>(() => vector.Step([0, 0]));
        Assert.Equal(0, fault.Step);
        Assert.Contains("reset", fault.Message);
        Assert.Equal([false, false], vector.Faulted.ToArray());
        Assert.Equal([true, true], vector.Terminated.ToArray());
        Assert.Equal(2, vector.TotalEpisodes);

        // The retry takes the place of env 0's step: no transition there, and then it is healthy again.
        vector.Step([0, 0]);
        Assert.Equal([true, false], vector.Faulted.ToArray());
        Assert.Equal(3, flaky.Resets);
        vector.Step([0, 0]);
        Assert.Equal([false, false], vector.Faulted.ToArray());
        Assert.True(vector.Terminated[0]);
    }

    [Fact]
    public void A_fault_while_resetting_the_vector_is_reported_and_recovered()
    {
        using var vector = new VectorEnv(ScriptedId, () => new ScriptedEnvironment(), 2);
        ((ScriptedEnvironment)vector.Environment(1)).NaNObservationAt = (0, 0);
        var fault = Assert.Throws<EnvironmentFaultException>(() => vector.Reset(9));
        Assert.Equal((1, 0L, 0), (fault.EnvIndex, fault.Episode, fault.Step));
        Assert.Equal([0f, 0f, 0f], vector.Observation(1).ToArray());

        vector.Step([0, 0]);
        Assert.Equal([false, true], vector.Faulted.ToArray());
        Assert.Equal(1f, vector.Observation(1)[1]);
    }
}
