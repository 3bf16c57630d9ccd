using FsCheck;
using FsCheck.Fluent;
using Flock.Shared.Configuration;

namespace Flock.Shared.Tests.Configuration;

public sealed class RunConfigRoundTripTests
{
    private static readonly Gen<RunConfig> Configs =
        from actors in Gen.Choose(1, 64)
        from envs in Gen.Choose(1, 64)
        from hidden in Gen.ListOf(Gen.Choose(1, 512)).Where(h => h.Count is > 0 and < 5)
        from lr in Gen.Choose(1, 10_000).Select(x => x / 1e6)
        from gamma in Gen.Choose(0, 1000).Select(x => x / 1000.0)
        from loss in Gen.Elements(LossKind.Huber, LossKind.Mse)
        from exploration in Gen.Elements(ExplorationKind.Apex, ExplorationKind.Decay)
        from maxSteps in Gen.Elements<long?>(null, 1, 10_000_000_000)
        from seconds in Gen.Elements<double?>(null, 0.5, 120)
        from env in Gen.Elements("CartPole-v1", "Acrobot-v1", "Ünïcode-v0")
        from device in Gen.Elements(ComputeDeviceKind.Auto, ComputeDeviceKind.Cpu, ComputeDeviceKind.Cuda)
        select new RunConfig
        {
            Actors = actors,
            EnvsPerActor = envs,
            Hidden = [.. hidden],
            LearningRate = lr,
            Gamma = gamma,
            Loss = loss,
            Exploration = exploration,
            MaxEnvSteps = maxSteps,
            MaxSeconds = seconds,
            Env = env,
            Device = device,
        };

    [Fact]
    public void Printed_json_loads_back_to_the_same_configuration()
    {
        Prop.ForAll(Configs.ToArbitrary(), config =>
        {
            var json = RunConfigJson.Serialize(config);
            var errors = new List<ConfigError>();
            var loaded = RunConfigLoader.ApplyJson(new RunConfig(), json, "printed", errors);
            return errors.Count == 0 && RunConfigJson.Serialize(loaded) == json;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_knob_has_help_and_a_kebab_case_name()
    {
        Assert.True(ConfigKnob.All.Count > 40);
        Assert.All(ConfigKnob.All, k =>
        {
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", k.Name);
            Assert.False(string.IsNullOrWhiteSpace(k.Attribute.Help));
        });
    }
}
