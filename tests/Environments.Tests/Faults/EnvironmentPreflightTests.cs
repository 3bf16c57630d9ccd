namespace Flock.Environments.Tests.Faults;

public sealed class EnvironmentPreflightTests
{
    [Fact]
    public void Every_built_in_environment_passes()
    {
        foreach (var id in EnvRegistry.Default.Ids)
        {
            Assert.Null(EnvironmentPreflight.Check(EnvRegistry.Default.Get(id), seed: 1, steps: 300));
        }
    }

    [Fact]
    public void An_entry_left_unwritten_shows_as_the_NaN_it_was_filled_with()
    {
        var problem = Check(new Observing(3, (obs, step) => obs[..2].Fill(0.5f)));
        Assert.Contains("reset left observation[2] unwritten", problem, StringComparison.Ordinal);
        Assert.Contains("declared observation space Box(shape=(3,)", problem, StringComparison.Ordinal);
        Assert.Contains("action space Discrete(2)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_past_the_span_is_named()
    {
        var problem = Check(new Observing(2, (obs, step) =>
        {
            for (var i = 0; i < 3; i++)
            {
                obs[i] = 0f;
            }
        }));
        Assert.Contains("wrote past the observation span of 2 floats", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_outside_the_declared_space_is_named_with_its_bounds()
    {
        var problem = Check(new Observing(2, (obs, step) => obs.Fill(step == 4 ? 3f : 0f)));
        Assert.Contains("step 4 (action 0) wrote observation[0] = 3, outside its declared bounds [-1, 1]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_throw_and_a_NaN_reward_are_named()
    {
        Assert.Contains("step 2 (action 0) threw InvalidOperationException: nope",
            Check(new Observing(1, (obs, step) => obs.Fill(step == 2 ? throw new InvalidOperationException("nope") : 0f))), StringComparison.Ordinal);
        Assert.Contains("step 1 returned the reward NaN", Check(new Observing(1, (obs, _) => obs.Fill(0f)) { Reward = float.NaN }), StringComparison.Ordinal);
    }

    private static string Check(IEnvironment environment) =>
        EnvironmentPreflight.Check(new EnvRegistration("Bad-v0", () => environment, maxEpisodeSteps: 10), seed: 1)
        ?? throw new Xunit.Sdk.XunitException("the pre-flight check passed a broken environment");

    /// <summary>Declares <paramref name="size"/> floats in [-1, 1]; <paramref name="write"/> writes the observation of step n (0: reset).</summary>
    private sealed class Observing(int size, Action<Span<float>, int> write) : IEnvironment
    {
        private int _step;

        public float Reward { get; init; }

        public Box ObservationSpace { get; } = Box.Vector(size, -1f, 1f);

        public Discrete ActionSpace { get; } = new(2);

        public void Reset(Span<float> observation, ulong? seed = null)
        {
            _step = 0;
            write(observation, 0);
        }

        public StepResult Step(int action, Span<float> observation)
        {
            write(observation, ++_step);
            return new StepResult(Reward, false, false);
        }
    }
}
