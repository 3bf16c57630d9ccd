using Flock.Environments.Tests.Support;

namespace Flock.Environments.Tests.MinAtar;

public sealed class MinAtarEnvironmentTests
{
    [Theory]
    [InlineData(MinAtarGameKind.Breakout, 4, 3)]
    [InlineData(MinAtarGameKind.Freeway, 7, 3)]
    [InlineData(MinAtarGameKind.Asterix, 4, 5)]
    [InlineData(MinAtarGameKind.Seaquest, 10, 6)]
    [InlineData(MinAtarGameKind.SpaceInvaders, 6, 4)]
    public void Spaces_are_a_binary_hwc_board_and_the_full_or_minimal_action_set(MinAtarGameKind game, int channels, int minimalActions)
    {
        var full = new MinAtarEnvironment(game);
        Assert.Equal([10, 10, channels], full.ObservationSpace.Shape.ToArray());
        Assert.All(full.ObservationSpace.Low, v => Assert.Equal(0f, v));
        Assert.All(full.ObservationSpace.High, v => Assert.Equal(1f, v));
        Assert.True(full.ObservationSpace.IsBinary);
        Assert.Equal($"Box(shape=(10, 10, {channels}), binary 0/1)", full.ObservationSpace.ToString());
        Assert.Equal(6, full.ActionSpace.N);
        Assert.Equal(minimalActions, new MinAtarEnvironment(game, minimalActionSet: true).ActionSpace.N);
    }

    [Fact]
    public void The_minimal_set_maps_onto_minatars_actions()
    {
        // Breakout's minimal set is n, l, r: minimal action 2 is MinAtar's r (3), so the paddle moves right.
        var observation = new float[400];
        var minimal = new MinAtarEnvironment(MinAtarGameKind.Breakout, minimalActionSet: true, stickyActionProbability: 0);
        minimal.Reset(observation, 1);
        minimal.Step(2, observation);
        Assert.Equal(1f, observation[((9 * 10) + 5) * 4]);
    }

    [Fact]
    public void A_seeded_reset_replays_the_same_episode_whatever_came_before()
    {
        var environment = new MinAtarEnvironment(MinAtarGameKind.Seaquest);
        var first = Play(environment, seed: 11);
        Play(environment, seed: 12);
        Assert.Equal(first, Play(environment, seed: 11));
        Assert.NotEqual(first, Play(environment, seed: 12));
    }

    [Fact]
    public void Sticky_actions_repeat_the_previous_action_at_their_probability()
    {
        // Always sticky: the first action is MinAtar's initial 0 (no-op) and stays, so Breakout's paddle never moves.
        var observation = new float[400];
        var environment = new MinAtarEnvironment(MinAtarGameKind.Breakout, stickyActionProbability: 1);
        environment.Reset(observation, 3);
        for (var t = 0; t < 3; t++)
        {
            environment.Step(MinAtarGame.Right, observation);
        }

        Assert.Equal(1f, observation[((9 * 10) + 4) * 4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinAtarEnvironment(MinAtarGameKind.Breakout, stickyActionProbability: 1.5));
    }

    [Fact]
    public void Bad_actions_and_short_spans_are_refused_with_the_sizes_named()
    {
        var environment = new MinAtarEnvironment(MinAtarGameKind.Asterix);
        var observation = new float[400];
        environment.Reset(observation, 0);
        var action = Assert.Throws<ArgumentOutOfRangeException>(() => environment.Step(6, observation));
        Assert.Contains("allowed 0..5", action.Message, StringComparison.Ordinal);
        var span = Assert.Throws<ArgumentException>(() => environment.Step(0, new float[399]));
        Assert.Contains("needs 400", span.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MinAtarGameKind.Seaquest)]
    [InlineData(MinAtarGameKind.SpaceInvaders)]
    [InlineData(MinAtarGameKind.Asterix)]
    public void Stepping_allocates_nothing_once_warm(MinAtarGameKind game)
    {
        var environment = new MinAtarEnvironment(game);
        var observation = new float[environment.ObservationSpace.Size];
        var actions = RandomActions.Table(4000, 6, 9);
        environment.Reset(observation, 5);

        // Warm: the object pools grow to the most objects any episode has had at once.
        for (var t = 0; t < 40_000; t++)
        {
            if (environment.Step(actions[t % 4000], observation).Done)
            {
                environment.Reset(observation);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < 4000; t++)
        {
            if (environment.Step(actions[t], observation).Done)
            {
                environment.Reset(observation);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Play(MinAtarEnvironment environment, ulong seed)
    {
        var observation = new float[environment.ObservationSpace.Size];
        environment.Reset(observation, seed);
        var trace = new System.Text.StringBuilder();
        for (var t = 0; t < 300; t++)
        {
            var result = environment.Step(t % 6, observation);
            trace.Append(result.Reward).Append(result.Terminated ? 'T' : '.').Append(string.Join("", observation.Select(v => v > 0 ? '1' : '0')));
            if (result.Done)
            {
                break;
            }
        }

        return trace.ToString();
    }
}
