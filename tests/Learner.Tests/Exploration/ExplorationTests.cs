using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.Numerics;

namespace Flock.Learner.Tests.Exploration;

public sealed class EpsilonScheduleTests
{
    [Fact]
    public void Ape_x_spreads_epsilon_from_base_to_base_to_the_eighth()
    {
        var options = new ExplorationOptions();
        Assert.Equal(0.4, EpsilonSchedule.ForActor(options, 0, 1).EpsilonAt(0));
        Assert.Equal(0.4, EpsilonSchedule.ForActor(options, 0, 8).EpsilonAt(123), 12);
        Assert.Equal(Math.Pow(0.4, 8), EpsilonSchedule.ForActor(options, 7, 8).EpsilonAt(0), 12);
        Assert.Equal(Math.Pow(0.4, 1 + (7.0 * 3 / 7)), EpsilonSchedule.ForActor(options, 3, 8).EpsilonAt(0), 12);
        Assert.Equal(Math.Pow(0.4, 4.5), EpsilonSchedule.ApeXEpsilon(1, 3), 12);
    }

    [Fact]
    public void Linear_decay_goes_from_start_to_end_then_holds()
    {
        var schedule = EpsilonSchedule.ForActor(
            new ExplorationOptions { Kind = EpsilonScheduleKind.LinearDecay, Start = 1, End = 0.1, DecaySteps = 1000 }, 2, 4);
        Assert.Equal(1.0, schedule.EpsilonAt(0), 12);
        Assert.Equal(0.55, schedule.EpsilonAt(500), 12);
        Assert.Equal(0.1, schedule.EpsilonAt(1000), 12);
        Assert.Equal(0.1, schedule.EpsilonAt(1_000_000), 12);
    }

    [Fact]
    public void An_actor_index_outside_the_fleet_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EpsilonSchedule.ForActor(new ExplorationOptions(), 4, 4));
}

public sealed class EpsilonGreedyPolicyTests
{
    private static readonly QNetworkSpec Spec = new(3, 4, [16], dueling: false);

    [Fact]
    public void Zero_epsilon_takes_the_greedy_action_of_every_environment()
    {
        var network = new QNetwork(Spec, seed: 2);
        var observations = Observations(32, seed: 1);
        var actions = new int[32];
        new EpsilonGreedyPolicy(network, new FastRandom(1)).SelectActions(observations, 32, 0, actions);

        var q = new float[32 * 4];
        network.Forward(observations, 32, q);
        for (var i = 0; i < 32; i++)
        {
            var row = q.AsSpan(i * 4, 4).ToArray();
            Assert.Equal(Array.IndexOf(row, row.Max()), actions[i]);
        }
    }

    [Fact]
    public void Full_exploration_draws_uniform_actions_without_a_forward_pass()
    {
        var policy = new EpsilonGreedyPolicy(new QNetwork(Spec), new FastRandom(3));
        var observations = Observations(64, seed: 2);
        var actions = new int[64];
        var counts = new int[4];
        for (var round = 0; round < 200; round++)
        {
            policy.SelectActions(observations, 64, 1.0, actions);
            Assert.True(policy.LastQValues.IsEmpty);
            foreach (var action in actions)
            {
                counts[action]++;
            }
        }

        // 12,800 draws: each action expected 3,200 times, standard deviation ≈ 49.
        Assert.All(counts, c => Assert.InRange(c, 3000, 3400));
    }

    [Fact]
    public void Partial_exploration_departs_from_greedy_at_about_the_expected_rate()
    {
        var network = new QNetwork(Spec, seed: 5);
        var policy = new EpsilonGreedyPolicy(network, new FastRandom(4));
        var observations = Observations(100, seed: 3);
        var greedy = new int[100];
        new EpsilonGreedyPolicy(network, new FastRandom(0)).SelectActions(observations, 100, 0, greedy);
        var actions = new int[100];
        var departures = 0;
        for (var round = 0; round < 100; round++)
        {
            policy.SelectActions(observations, 100, 0.4, actions);
            departures += actions.Where((a, i) => a != greedy[i]).Count();
        }

        // A random action differs from the greedy one 3 times in 4: expected 0.4 · 0.75 · 10,000 = 3,000.
        Assert.InRange(departures, 2800, 3200);
    }

    [Fact]
    public void Selecting_actions_allocates_nothing_once_warm()
    {
        var policy = new EpsilonGreedyPolicy(new QNetwork(Spec), new FastRandom(5));
        var observations = Observations(16, seed: 4);
        var actions = new int[16];
        policy.SelectActions(observations, 16, 0.1, actions);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            policy.SelectActions(observations, 16, 0.1, actions);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float[] Observations(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * 3).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }
}
