using Flock.Environments.Tests.Support;

namespace Flock.Environments.Tests.Registry;

public sealed class EnvRegistryTests
{
    [Fact]
    public void The_built_ins_are_registered_with_their_limits_and_thresholds()
    {
        var registry = EnvRegistry.CreateWithBuiltIns();
        Assert.Equal(BuiltInEnvironments.Ids.Order(StringComparer.Ordinal), registry.Ids);
        Assert.Equal((475.0, 500), Limits(registry, BuiltInEnvironments.CartPole));
        Assert.Equal((-110.0, 200), Limits(registry, BuiltInEnvironments.MountainCar));
        Assert.Equal((-100.0, 500), Limits(registry, BuiltInEnvironments.Acrobot));
        Assert.Equal((0.9, 100), Limits(registry, BuiltInEnvironments.GoalReach));
        Assert.Equal((1.85, 100), Limits(registry, BuiltInEnvironments.GoalReachShaped));
        Assert.Equal("Discrete(3)", registry.Get(BuiltInEnvironments.Acrobot).ActionSpace.ToString());
        Assert.Equal(6, registry.Get(BuiltInEnvironments.Acrobot).ObservationSpace.Size);
        Assert.IsType<TimeLimitWrapper>(registry.Make(BuiltInEnvironments.CartPole));
        Assert.IsType<CartPoleEnvironment>(registry.Get(BuiltInEnvironments.CartPole).CreateRaw());
    }

    [Fact]
    public void The_default_registry_has_the_built_ins()
    {
        foreach (var id in BuiltInEnvironments.Ids)
        {
            Assert.True(EnvRegistry.Default.Contains(id), id);
        }
    }

    [Fact]
    public void An_unknown_id_lists_the_registered_ones()
    {
        var registry = EnvRegistry.CreateWithBuiltIns();
        var exception = Assert.Throws<UnknownEnvironmentException>(() => registry.Get("Pong-v5"));
        Assert.Contains("Unknown environment id 'Pong-v5'", exception.Message);
        Assert.Contains("Acrobot-v1, CartPole-v1, GoalReach-v0, GoalReachShaped-v0, MinAtar/Asterix-v0", exception.Message);
        Assert.Contains("MinAtar/SpaceInvaders-v1, MountainCar-v0", exception.Message);

        var wrongCase = Assert.Throws<UnknownEnvironmentException>(() => registry.Make("cartpole-v1"));
        Assert.Contains("did you mean 'CartPole-v1'", wrongCase.Message);
        Assert.IsAssignableFrom<KeyNotFoundException>(wrongCase);
    }

    [Fact]
    public void Code_registrations_are_per_registry_and_ids_are_unique()
    {
        var registry = new EnvRegistry();
        var registration = registry.Register("Scripted-v0", () => new ScriptedEnvironment(), solveThreshold: 3, maxEpisodeSteps: 10, description: "test env");

        Assert.Same(registration, registry.Get("Scripted-v0"));
        Assert.Equal(3, registration.ObservationSpace.Size);
        Assert.False(EnvRegistry.CreateWithBuiltIns().Contains("Scripted-v0"));
        Assert.False(EnvRegistry.Default.Contains("Scripted-v0"));

        var duplicate = Assert.Throws<ArgumentException>(() => registry.Register("Scripted-v0", () => new ScriptedEnvironment()));
        Assert.Contains("'Scripted-v0' is already registered", duplicate.Message);
        Assert.Throws<ArgumentException>(() => registry.Register("Has space-v0", () => new ScriptedEnvironment()));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Register("Zero-v0", () => new ScriptedEnvironment(), maxEpisodeSteps: 0));
    }

    [Fact]
    public void A_marked_class_registers_with_the_attribute_settings()
    {
        var registry = new EnvRegistry();
        var registration = registry.RegisterType(typeof(MarkedEnvironment));
        Assert.Equal(("Marked-v0", 2.5, 7, "marked for tests"), (registration.Id, registration.SolveThreshold, registration.MaxEpisodeSteps, registration.Description));
        Assert.IsType<MarkedEnvironment>(EnvironmentWrapper.Unwrap(registry.Make("Marked-v0")));

        var defaults = registry.RegisterType(typeof(MarkedWithDefaults));
        Assert.Null(defaults.SolveThreshold);
        Assert.Null(defaults.MaxEpisodeSteps);
        Assert.Equal(typeof(MarkedWithDefaults).FullName, defaults.Description);
        Assert.IsNotType<TimeLimitWrapper>(registry.Make("Defaults-v0"));
    }

    [Theory]
    [InlineData(typeof(NoParameterlessConstructor), "has no public parameterless constructor")]
    [InlineData(typeof(NotAnEnvironment), "does not implement Flock.Environments.IEnvironment")]
    [InlineData(typeof(ScriptedEnvironment), "is not marked [FlockEnvironment")]
    [InlineData(typeof(AbstractEnvironment), "must be a concrete, non-generic class")]
    [InlineData(typeof(ThrowingConstructor), "creating an instance threw InvalidOperationException: no resources")]
    public void An_unusable_class_is_refused_with_the_reason(Type type, string reason)
    {
        var registry = new EnvRegistry();
        var exception = Assert.Throws<EnvironmentLoadException>(() => registry.RegisterType(type));
        Assert.Contains(type.FullName!, exception.Message);
        Assert.Contains(reason, exception.Message);
        Assert.Empty(registry.Ids);
    }

    [Fact]
    public void An_assembly_without_marked_classes_is_refused()
    {
        var exception = Assert.Throws<EnvironmentLoadException>(() => new EnvRegistry().RegisterAssembly(typeof(object).Assembly));
        Assert.Contains("no class is marked [FlockEnvironment", exception.Message);
    }

    private static (double?, int?) Limits(EnvRegistry registry, string id)
    {
        var registration = registry.Get(id);
        return (registration.SolveThreshold, registration.MaxEpisodeSteps);
    }

    [FlockEnvironment("Marked-v0", SolveThreshold = 2.5, MaxEpisodeSteps = 7, Description = "marked for tests")]
    private sealed class MarkedEnvironment : ScriptedEnvironmentBase;

    [FlockEnvironment("Defaults-v0")]
    public sealed class MarkedWithDefaults : ScriptedEnvironmentBase;

    [FlockEnvironment("NoCtor-v0")]
    public sealed class NoParameterlessConstructor(int size) : ScriptedEnvironmentBase
    {
        public int Size => size;
    }

    [FlockEnvironment("NotEnv-v0")]
    public sealed class NotAnEnvironment;

    [FlockEnvironment("Abstract-v0")]
    public abstract class AbstractEnvironment : ScriptedEnvironmentBase;

    [FlockEnvironment("Throwing-v0")]
    public sealed class ThrowingConstructor : ScriptedEnvironmentBase
    {
        public ThrowingConstructor() => throw new InvalidOperationException("no resources");
    }

    /// <summary>A minimal environment to derive marked test classes from.</summary>
    public abstract class ScriptedEnvironmentBase : IEnvironment
    {
        public Box ObservationSpace { get; } = Box.Vector(1, 0f, 1f);

        public Discrete ActionSpace { get; } = new(2);

        public void Reset(Span<float> observation, ulong? seed = null) => observation[0] = 0f;

        public StepResult Step(int action, Span<float> observation)
        {
            observation[0] = 1f;
            return new StepResult(1f, true, false);
        }
    }
}
