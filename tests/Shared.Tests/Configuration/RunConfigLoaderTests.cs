using Flock.Shared.Configuration;

namespace Flock.Shared.Tests.Configuration;

public sealed class RunConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flock-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, IReadOnlyList<string>> Flags(params (string Name, string Value)[] flags) =>
        flags.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(f => f.Value).ToArray());

    private string WriteJson(string json)
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(RunConfigValidator.Validate(new RunConfig()));
        Assert.Equal(new RunConfig().Actors, RunConfigLoader.Load(null, Flags()).Actors);
    }

    [Fact]
    public void Flags_win_over_the_file_which_wins_over_defaults()
    {
        var path = WriteJson("""{ "actors": 6, "gamma": 0.9, "hidden": [32, 16] }""");
        var config = RunConfigLoader.Load(path, Flags(("gamma", "0.95"), ("stop-when-solved", "true")));
        Assert.Equal(6, config.Actors);
        Assert.Equal(0.95, config.Gamma);
        Assert.Equal([32, 16], config.Hidden);
        Assert.True(config.StopWhenSolved);
        Assert.Equal(new RunConfig().LearningRate, config.LearningRate);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_key_value_and_what_is_allowed()
    {
        var path = WriteJson("""{ "gama": 0.9, "loss": "l1", "replay-capacity": 10 }""");
        var e = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(path, Flags(("actors", "0"), ("learning-rate", "abc"), ("hidden", "64,x"))));
        var byKey = e.Errors.ToDictionary(x => x.Key);
        Assert.Contains("did you mean 'gamma'", byKey["gama"].Problem, StringComparison.Ordinal);
        Assert.Contains("huber, mse", byKey["loss"].Problem, StringComparison.Ordinal);
        Assert.Equal(("0", "flag"), (byKey["actors"].Value, byKey["actors"].Source));
        Assert.Contains("≥ 1 and ≤ 4096", byKey["actors"].Problem, StringComparison.Ordinal);
        Assert.Contains("'abc' is not a finite number", byKey["learning-rate"].Problem, StringComparison.Ordinal);
        Assert.Contains("'x' is not an integer", byKey["hidden"].Problem, StringComparison.Ordinal);
        Assert.Contains("replay-capacity (10)", byKey["replay-min-size"].Problem, StringComparison.Ordinal);
        Assert.Equal("--actors 0: out of range; allowed: ≥ 1 and ≤ 4096", byKey["actors"].ToString());
        Assert.Contains("gama", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_tells_which_knobs_the_user_set_even_at_their_default_values()
    {
        var path = WriteJson("""{ "gamma": 0.99, "actors": 6 }""");
        var loaded = RunConfigLoader.LoadWithGivenKnobs(path, Flags(("metrics-interval-seconds", "1")));

        // Both values equal the defaults; only where they came from tells them apart from the knobs left alone.
        Assert.Equal((new RunConfig().Gamma, new RunConfig().MetricsIntervalSeconds), (loaded.Config.Gamma, loaded.Config.MetricsIntervalSeconds));
        Assert.Equal(["actors", "gamma", "metrics-interval-seconds"], loaded.GivenKnobs.Order(StringComparer.Ordinal));
        Assert.True(loaded.IsGiven("metrics-interval-seconds"));
        Assert.False(loaded.IsGiven("learning-rate"));
        Assert.Empty(RunConfigLoader.LoadWithGivenKnobs(null, Flags()).GivenKnobs);
    }

    [Fact]
    public void Device_defaults_to_auto_even_in_an_old_config_file_and_a_bad_one_names_the_allowed_values()
    {
        Assert.Equal(ComputeDeviceKind.Auto, new RunConfig().Device);
        Assert.Equal(ComputeDeviceKind.Auto, RunConfigLoader.Load(WriteJson("""{ "actors": 3 }"""), Flags()).Device);
        Assert.Equal(ComputeDeviceKind.Cuda, RunConfigLoader.Load(WriteJson("""{ "device": "cuda" }"""), Flags()).Device);
        Assert.Equal(ComputeDeviceKind.Cpu, RunConfigLoader.Load(WriteJson("""{ "device": "cuda" }"""), Flags(("device", "cpu"))).Device);
        Assert.Contains("\"device\": \"auto\"", RunConfigJson.Serialize(new RunConfig()), StringComparison.Ordinal);

        var e = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, Flags(("device", "gpu"))));
        Assert.Equal("--device gpu: 'gpu' is not one of auto, cpu, cuda, ilgpu-cpu", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void Unknown_flag_names_are_errors()
    {
        var e = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, Flags(("learning-rat", "0.1"))));
        Assert.Contains("did you mean 'learning-rate'", Assert.Single(e.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_or_missing_is_a_clear_error()
    {
        var bad = WriteJson("{ not json");
        Assert.Contains("not valid JSON", Assert.Single(Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(bad, Flags())).Errors).Problem, StringComparison.Ordinal);
        var missing = Path.Combine(_dir, "missing.json");
        Assert.Contains("cannot be read", Assert.Single(Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(missing, Flags())).Errors).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay-min-size", "200000", "replay-capacity")]
    [InlineData("epsilon-end", "0.9", "epsilon-start")]
    [InlineData("node-timeout-seconds", "0.5", "heartbeat-interval-seconds")]
    [InlineData("otlp-endpoint", "localhost:4318", "http://")]
    public void Rules_between_knobs_name_the_other_knob(string key, string value, string mentioned)
    {
        var flags = Flags((key, value), ("epsilon-start", "0.5"));
        var e = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, flags));
        var error = Assert.Single(e.Errors, x => x.Key == key);
        Assert.Contains(mentioned, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_knobs_accept_none_and_null()
    {
        var path = WriteJson("""{ "max-seconds": null }""");
        Assert.Null(RunConfigLoader.Load(path, Flags(("max-env-steps", "none"))).MaxEnvSteps);
        Assert.Equal(1_000_000L, RunConfigLoader.Load(null, Flags(("max-env-steps", "1_000_000"))).MaxEnvSteps);
    }

    [Fact]
    public void The_retired_broker_setting_is_skipped_when_empty_in_an_old_config_json_and_otherwise_says_what_replaced_it()
    {
        Assert.Equal(3, RunConfigLoader.Load(WriteJson("""{ "broker": null, "seed": 3 }"""), Flags()).Seed);
        var e = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(WriteJson("""{ "broker": "amqp://x" }"""), Flags()));
        Assert.Contains("--listen", Assert.Single(e.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_checks_are_reported_with_the_others()
    {
        var e = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, Flags(("env", "Nope-v0"), ("gamma", "2")), c => [new ConfigError("env", c.Env, "unknown environment", "default")]));
        Assert.Equal(["env", "gamma"], e.Errors.Select(x => x.Key).Order());
        Assert.All(e.Errors, x => Assert.Equal("flag", x.Source));
    }
}
