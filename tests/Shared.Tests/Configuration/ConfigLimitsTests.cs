using Flock.Shared.Configuration;

namespace Flock.Shared.Tests.Configuration;

/// <summary>Values past what a knob's type or Flock's limits hold are told apart from values that are not numbers at all.</summary>
public sealed class ConfigLimitsTests
{
    private static ConfigurationException Refused(params (string Name, string[] Values)[] flags) =>
        Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, flags.ToDictionary(f => f.Name, f => (IReadOnlyList<string>)f.Values)));

    [Theory]
    [InlineData("replay-capacity", "1000000000000", "is too large; at most 100000000")]
    [InlineData("seed", "99999999999999999999999", "is too large; at most 9223372036854775807")]
    [InlineData("actors", "-99999999999", "is too small; at least 1")]
    [InlineData("actors", "many", "'many' is not an integer")]
    public void An_integer_out_of_its_types_range_says_too_large_or_small_with_the_bound(string knob, string value, string expected)
    {
        var error = Assert.Single(Refused((knob, [value])).Errors);
        Assert.Equal(knob, error.Key);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actors")]
    [InlineData("env")]
    [InlineData("seed")]
    [InlineData("out")]
    [InlineData("hidden")]
    public void A_flag_without_a_value_is_a_configuration_problem_not_a_crash(string knob)
    {
        var error = Assert.Single(Refused((knob, [])).Errors);
        Assert.Equal(knob, error.Key);
        Assert.Contains("needs a value", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void More_hidden_layers_than_a_checkpoint_holds_are_refused_with_the_limit()
    {
        var deepest = Enumerable.Repeat(4, NetworkLimits.MaxHiddenLayers).ToArray();
        Assert.Empty(RunConfigValidator.Validate(new RunConfig { Hidden = deepest }));

        var errors = RunConfigValidator.Validate(new RunConfig { Hidden = [.. deepest, 4] });
        Assert.Contains(errors, e => e.Key == "hidden" && e.Problem.Contains($"at most {NetworkLimits.MaxHiddenLayers}", StringComparison.Ordinal));
    }
}
