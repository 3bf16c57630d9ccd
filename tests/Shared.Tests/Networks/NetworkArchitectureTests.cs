using FsCheck;
using FsCheck.Fluent;
using Flock.Shared.Configuration;
using Flock.Shared.Networks;

namespace Flock.Shared.Tests.Networks;

public sealed class NetworkArchitectureTests
{
    private static Dictionary<string, IReadOnlyList<string>> Flags(params (string Name, string Value)[] flags) =>
        flags.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(f => f.Value).ToArray());

    [Fact]
    public void Minatars_network_parses_and_counts_its_parameters()
    {
        Assert.True(NetworkArchitecture.TryParse("conv16k3s1,fc128", out var architecture, out _));
        Assert.Equal([new ConvolutionLayer(16, 3, 1)], architecture!.Convolutions);
        Assert.Equal([128], architecture.Hidden);
        Assert.Equal("conv16k3s1,fc128", architecture.ToString());

        // Breakout 10×10×4: conv 3·3·4·16 + 16, fc (8·8·16)·128 + 128, head 128·6 + 6 (MinAtar's PyTorch network has the same count).
        Assert.Equal((576 + 16) + (1024 * 128) + 128 + (128 * 6) + 6, architecture.ParameterCount([10, 10, 4], 6, dueling: false));
        Assert.Equal((576 + 16) + (1024 * 128) + 128 + (128 * 7) + 7, architecture.ParameterCount([10, 10, 4], 6, dueling: true));
    }

    [Fact]
    public void The_hidden_shorthand_is_an_mlp_with_the_same_count()
    {
        var mlp = NetworkArchitecture.Mlp([64, 64]);
        Assert.Equal("fc64,fc64", mlp.ToString());
        Assert.Equal((4 * 64) + 64 + (64 * 64) + 64 + (64 * 2) + 2, mlp.ParameterCount([4], 2, dueling: false));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("conv16k3", "'conv16k3', which is not a layer")]
    [InlineData("fc128,conv16k3s1", "'conv16k3s1' after a dense layer")]
    [InlineData("fc0", "'fc0', which is not a layer")]
    [InlineData("conv16k3s1,fc-4", "'fc-4', which is not a layer")]
    [InlineData("relu", "'relu', which is not a layer")]
    public void Bad_specs_name_the_bad_part_and_the_grammar(string text, string expected)
    {
        Assert.False(NetworkArchitecture.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("conv16k3s1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Convolutions_that_do_not_fit_the_observation_are_refused()
    {
        Assert.True(NetworkArchitecture.TryParse("conv8k5s1,conv8k5s1,fc32", out var architecture, out _));
        Assert.False(architecture!.TryConvolutionOutput([6, 6, 2], out _, out var problem));
        Assert.Contains("does not fit a 2×2 input", problem, StringComparison.Ordinal);
        Assert.False(architecture.TryConvolutionOutput([4], out _, out problem));
        Assert.Contains("shape (height, width, channels)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_and_parsing_round_trip() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(1, 64).Three()).Select(l => l.Take(3).ToArray()).ToArbitrary(),
            Gen.ListOf(Gen.Choose(1, 4096)).Select(l => l.Take(4).ToArray()).ToArbitrary(),
            (convolutions, hidden) =>
            {
                var architecture = new NetworkArchitecture([.. convolutions.Select(c => new ConvolutionLayer(c.Item1, c.Item2, c.Item3))], hidden);
                return convolutions.Length + hidden.Length == 0
                    || (NetworkArchitecture.TryParse(architecture.ToString(), out var parsed, out _) && parsed!.Equals(architecture));
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_network_knob_is_validated_and_cannot_be_given_with_hidden()
    {
        var config = RunConfigLoader.Load(null, Flags(("network", "conv16k3s1,fc128")));
        Assert.Equal("conv16k3s1,fc128", config.NetworkArchitecture().ToString());
        Assert.Equal("fc64,fc64", RunConfigLoader.Load(null, Flags()).NetworkArchitecture().ToString());

        var bad = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, Flags(("network", "conv16"))));
        Assert.Contains("--network conv16: has 'conv16', which is not a layer", bad.Message, StringComparison.Ordinal);

        var both = Assert.Throws<ConfigurationException>(() => RunConfigLoader.Load(null, Flags(("network", "fc32"), ("hidden", "64,64"))));
        Assert.Contains("--network fc32: and --hidden both describe the Q-network", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_config_with_both_knobs_loads_with_its_network_and_a_hidden_flag_replaces_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("flock-network-").FullName, "config.json");
        File.WriteAllText(path, RunConfigJson.Serialize(new RunConfig { Network = "conv16k3s1,fc128" }));
        Assert.Equal("conv16k3s1,fc128", RunConfigLoader.Load(path, Flags()).NetworkArchitecture().ToString());
        Assert.Equal("fc32", RunConfigLoader.Load(path, Flags(("hidden", "32"))).NetworkArchitecture().ToString());
        Assert.Equal("fc16", RunConfigLoader.Load(path, Flags(("network", "fc16"))).NetworkArchitecture().ToString());
    }
}
