using Flock.Learner.NStep;
using Flock.Shared.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Learner.Tests.NStep;

public sealed class NStepAccumulatorTests
{
    private const int ObsDim = 3;
    private const float Gamma = 0.9f;

    [Fact]
    public void Stream_of_k_environments_matches_the_naive_reference_across_ends_and_batch_boundaries()
    {
        var shapes = Gen.Choose(1, 4).Three();
        Prop.ForAll(shapes.ToArbitrary(), Gen.Choose(0, 100_000).ToArbitrary(), (shape, seed) =>
        {
            var (envs, steps, length) = (shape.Item1, shape.Item2, shape.Item3 * 10);
            var stream = RandomStream(envs, length, seed);
            var expected = NaiveTransitions(stream, envs, steps).OrderBy(t => t.Key).ToList();
            var actual = AccumulatorTransitions(stream, envs, steps, extraCapacity: seed % 5).OrderBy(t => t.Key).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                expected[i].AssertSameAs(actual[i]);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Termination_flushes_every_pending_step_without_bootstrap()
    {
        var accumulator = new NStepAccumulator(1, 1, new NStepOptions { Steps = 3, Gamma = Gamma });
        var batch = TransitionBatch.Allocate(0, 8, 1);
        Assert.Equal(0, accumulator.Push([0f], [0], [1f], [false], [false], [1f], batch, 0));
        Assert.Equal(2, accumulator.Push([1f], [1], [2f], [true], [false], [9f], batch, 0));

        Assert.Equal([0f, 1f], batch.Observations[..2]);
        Assert.Equal(1f + (Gamma * 2f), batch.Rewards[0], 6);
        Assert.Equal(2f, batch.Rewards[1]);
        Assert.Equal([Gamma * Gamma, Gamma], batch.Discounts[..2]);
        Assert.Equal([true, true], batch.Terminated[..2]);
        Assert.Equal([9f, 9f], batch.NextObservations[..2]);
        Assert.Equal([-1f, -1f], batch.InitialPriorities[..2]);
        Assert.Equal(0, accumulator.PendingSteps(0));
    }

    [Fact]
    public void A_uint8_batch_gets_the_boards_as_bytes_and_its_float_arrays_stay_empty()
    {
        var accumulator = new NStepAccumulator(2, 3, new NStepOptions { Steps = 1, Gamma = Gamma });
        var batch = TransitionBatch.Allocate(0, 4, 3, ObservationEncoding.UInt8);
        Assert.Equal(2, accumulator.Push([1f, 0f, 1f, 0f, 0f, 1f], [0, 1], [1f, 0f], [false, true], [false, false], [0f, 1f, 1f, 1f, 0f, 0f], batch, 0));

        Assert.Equal([1, 0, 1, 0, 0, 1], batch.ObservationBytes[..6]);
        Assert.Equal([0, 1, 1, 1, 0, 0], batch.NextObservationBytes[..6]);
        Assert.Empty(batch.Observations);
        Assert.Empty(batch.NextObservations);
        Assert.Equal([false, true], batch.Terminated[..2]);
    }

    [Fact]
    public void A_faulted_environment_drops_its_pending_steps_and_its_row_while_the_others_go_on()
    {
        var accumulator = new NStepAccumulator(2, 1, new NStepOptions { Steps = 2, Gamma = Gamma });
        var batch = TransitionBatch.Allocate(0, 8, 1);
        Assert.Equal(0, accumulator.Push([0f, 10f], [0, 0], [1f, 1f], [false, false], [false, false], [1f, 11f], batch, 0));

        // Environment 1 faulted: its pending step and this row are dropped; environment 0 completes a window.
        Assert.Equal(1, accumulator.Push([1f, 99f], [1, 1], [2f, 99f], [false, false], [false, false], [2f, 0f], batch, 0, [false, true]));
        Assert.Equal(0f, batch.Observations[0]);
        Assert.Equal(0, accumulator.PendingSteps(1));

        // Its new episode starts from scratch: no transition mixes the abandoned episode with the new one.
        Assert.Equal(1, accumulator.Push([2f, 20f], [0, 0], [1f, 1f], [false, false], [false, false], [3f, 21f], batch, 1));
        Assert.Equal(1, accumulator.PendingSteps(1));
        Assert.Equal(2, accumulator.Push([3f, 21f], [0, 0], [1f, 1f], [false, false], [false, false], [4f, 22f], batch, 2));
        Assert.Equal([0f, 1f, 2f, 20f], batch.Observations[..4]);
    }

    [Fact]
    public void Truncation_flushes_pending_steps_bootstrapping_from_the_final_observation()
    {
        var accumulator = new NStepAccumulator(1, 1, new NStepOptions { Steps = 3, Gamma = Gamma });
        var batch = TransitionBatch.Allocate(0, 8, 1);
        accumulator.Push([0f], [0], [1f], [false], [false], [1f], batch, 0);
        Assert.Equal(2, accumulator.Push([1f], [0], [1f], [false], [true], [7f], batch, 0));
        Assert.Equal([false, false], batch.Terminated[..2]);
        Assert.Equal([7f, 7f], batch.NextObservations[..2]);
        Assert.Equal([Gamma * Gamma, Gamma], batch.Discounts[..2]);
    }

    [Fact]
    public void A_full_window_emits_its_oldest_step_with_gamma_to_the_n()
    {
        var accumulator = new NStepAccumulator(2, 1, new NStepOptions { Steps = 2, Gamma = Gamma });
        var batch = TransitionBatch.Allocate(0, 8, 1);
        Assert.Equal(0, accumulator.Push([0f, 10f], [0, 1], [1f, 5f], [false, false], [false, false], [1f, 11f], batch, 0));
        Assert.Equal(2, accumulator.Push([1f, 11f], [1, 0], [2f, 6f], [false, false], [false, false], [2f, 12f], batch, 0));
        Assert.Equal([0f, 10f], batch.Observations[..2]);
        Assert.Equal([2f, 12f], batch.NextObservations[..2]);
        Assert.Equal([0, 1], batch.Actions[..2]);
        Assert.Equal(1f + (Gamma * 2f), batch.Rewards[0], 6);
        Assert.Equal(5f + (Gamma * 6f), batch.Rewards[1], 6);
        Assert.Equal(Gamma * Gamma, batch.Discounts[0], 6);
    }

    [Fact]
    public void Pushing_into_a_batch_without_room_for_a_whole_step_is_refused()
    {
        var accumulator = new NStepAccumulator(2, 1, new NStepOptions { Steps = 3 });
        var batch = TransitionBatch.Allocate(0, 8, 1);
        Assert.True(accumulator.IsFull(batch, 3));
        Assert.False(accumulator.IsFull(batch, 2));
        Assert.Throws<ArgumentException>(() => accumulator.Push([0f, 0f], [0, 0], [0f, 0f], [false, false], [false, false], [0f, 0f], batch, 3));
    }

    [Fact]
    public void Pushing_steps_allocates_nothing()
    {
        var accumulator = new NStepAccumulator(4, ObsDim, new NStepOptions());
        var batch = TransitionBatch.Allocate(0, 64, ObsDim);
        var observations = new float[4 * ObsDim];
        int[] actions = [0, 1, 0, 1];
        float[] rewards = [1, 1, 1, 1];
        bool[] terminated = [false, true, false, false];
        bool[] truncated = [false, false, false, true];
        var count = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var step = 0; step < 1000; step++)
        {
            count += accumulator.Push(observations, actions, rewards, terminated, truncated, observations, batch, count);
            if (accumulator.IsFull(batch, count))
            {
                count = 0;
            }
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private sealed record Step(float[] Observations, int[] Actions, float[] Rewards, bool[] Terminated, bool[] Truncated, float[] Next);

    private sealed record Transition(float[] Observation, int Action, double Reward, float[] Next, double Discount, bool Terminated)
    {
        // Observations carry (env, step) ids, so a transition is identified by its first observation.
        public (float Env, float Step) Key => (Observation[0], Observation[1]);

        public void AssertSameAs(Transition other)
        {
            Assert.Equal(Observation, other.Observation);
            Assert.Equal(Action, other.Action);
            Assert.Equal(Next, other.Next);
            Assert.Equal(Terminated, other.Terminated);
            Assert.True(Math.Abs(Reward - other.Reward) < 1e-4, $"{Key}: return {other.Reward}, expected {Reward}");
            Assert.True(Math.Abs(Discount - other.Discount) < 1e-6, $"{Key}: discount {other.Discount}, expected {Discount}");
        }
    }

    private static List<Step> RandomStream(int envs, int length, int seed)
    {
        var random = new Random(seed);
        var stream = new List<Step>();
        for (var t = 0; t < length; t++)
        {
            var observations = new float[envs * ObsDim];
            var next = new float[envs * ObsDim];
            var actions = new int[envs];
            var rewards = new float[envs];
            var terminated = new bool[envs];
            var truncated = new bool[envs];
            for (var e = 0; e < envs; e++)
            {
                observations[e * ObsDim] = e;
                observations[(e * ObsDim) + 1] = t;
                observations[(e * ObsDim) + 2] = (float)random.NextDouble();
                next[e * ObsDim] = e;
                next[(e * ObsDim) + 1] = t + 0.5f;
                next[(e * ObsDim) + 2] = (float)random.NextDouble();
                actions[e] = random.Next(5);
                rewards[e] = (float)((random.NextDouble() * 2) - 1);
                var end = random.Next(10);
                terminated[e] = end == 0 || end == 1;
                truncated[e] = end == 1 || end == 2;
            }

            stream.Add(new Step(observations, actions, rewards, terminated, truncated, next));
        }

        return stream;
    }

    private static List<Transition> AccumulatorTransitions(List<Step> stream, int envs, int steps, int extraCapacity)
    {
        var accumulator = new NStepAccumulator(envs, ObsDim, new NStepOptions { Steps = steps, Gamma = Gamma });
        var transitions = new List<Transition>();
        var batch = TransitionBatch.Allocate(0, accumulator.MaxTransitionsPerPush + extraCapacity, ObsDim);
        var count = 0;
        foreach (var step in stream)
        {
            count += accumulator.Push(step.Observations, step.Actions, step.Rewards, step.Terminated, step.Truncated, step.Next, batch, count);
            if (accumulator.IsFull(batch, count))
            {
                Collect(batch, count, transitions);
                batch = TransitionBatch.Allocate(0, batch.Capacity, ObsDim);
                count = 0;
            }
        }

        Collect(batch, count, transitions);
        return transitions;
    }

    private static void Collect(TransitionBatch batch, int count, List<Transition> into)
    {
        for (var i = 0; i < count; i++)
        {
            into.Add(new Transition(
                batch.Observations[(i * ObsDim)..((i + 1) * ObsDim)],
                batch.Actions[i],
                batch.Rewards[i],
                batch.NextObservations[(i * ObsDim)..((i + 1) * ObsDim)],
                batch.Discounts[i],
                batch.Terminated[i]));
        }
    }

    // Whole episodes first, transitions second: for step j of an episode of length L that ended, k = min(n, L − j);
    // for an episode still running at the end of the stream only full windows (j + n ≤ L) exist yet.
    private static List<Transition> NaiveTransitions(List<Step> stream, int envs, int steps)
    {
        var transitions = new List<Transition>();
        for (var e = 0; e < envs; e++)
        {
            var episode = new List<Step>();
            foreach (var step in stream)
            {
                episode.Add(step);
                if (step.Terminated[e] || step.Truncated[e])
                {
                    AddEpisode(episode, e, steps, ended: true, terminated: step.Terminated[e], transitions);
                    episode.Clear();
                }
            }

            AddEpisode(episode, e, steps, ended: false, terminated: false, transitions);
        }

        return transitions;
    }

    private static void AddEpisode(List<Step> episode, int e, int steps, bool ended, bool terminated, List<Transition> into)
    {
        var length = episode.Count;
        for (var j = 0; j < length; j++)
        {
            if (!ended && j + steps > length)
            {
                break;
            }

            var k = Math.Min(steps, length - j);
            var reward = 0.0;
            for (var i = 0; i < k; i++)
            {
                reward += Math.Pow(Gamma, i) * episode[j + i].Rewards[e];
            }

            into.Add(new Transition(
                episode[j].Observations[(e * ObsDim)..((e + 1) * ObsDim)],
                episode[j].Actions[e],
                reward,
                episode[j + k - 1].Next[(e * ObsDim)..((e + 1) * ObsDim)],
                Math.Pow(Gamma, k),
                terminated && j + k == length));
        }
    }
}
