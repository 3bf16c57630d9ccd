using System.Globalization;
using Flock.Actors.Cli;
using Flock.Actors.Sweep;
using Flock.Shared.Configuration;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Actors.Tests.Sweep;

public sealed class SweepParamParserTests
{
    private static readonly RunConfig Base = new();

    private static SweepParam Parse(string spec) => SweepParamParser.ParseAll([spec], Base).Single();

    private static string Problem(string spec) => Assert.Throws<UsageException>(() => SweepParamParser.ParseAll([spec], Base)).Message;

    [Fact]
    public void Any_list_of_allowed_values_parses_to_exactly_those_values()
    {
        // learning-rate takes (0, 1]; the values are written as a user would type them.
        var rates = Gen.Choose(1, 1_000_000).Select(n => n / 1_000_000.0).ArrayOf().Where(a => a.Length > 0);
        Prop.ForAll(rates.ToArbitrary(), values =>
        {
            var texts = values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
            var parameter = Parse("learning-rate=" + string.Join(',', texts));
            return parameter.Range is null
                && parameter.Values!.Select(v => (double)v.Value!).SequenceEqual(values)
                && parameter.Values!.Select(v => v.Text).SequenceEqual(texts);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_value_outside_the_knob_range_is_refused_naming_it_and_the_allowed_range()
    {
        var outside = Gen.OneOf(Gen.Choose(-1000, 0), Gen.Choose(65_537, 1_000_000));
        Prop.ForAll(outside.ToArbitrary(), value =>
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            var problem = Problem($"batch-size=128,{text}");
            return problem.Contains($"batch-size = {text}", StringComparison.Ordinal) && problem.Contains("≥ 1 and ≤ 65536", StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ranges_parse_with_an_optional_log_scale()
    {
        var uniform = Parse("gamma=0.9..0.999");
        Assert.Equal(new SweepRange(0.9, 0.999, Log: false), uniform.Range);
        var log = Parse("learning-rate=1e-4..3e-3:log");
        Assert.Equal(new SweepRange(1e-4, 3e-3, Log: true), log.Range);
        Assert.True(Parse("target-update-interval=100..1000:log").IsInteger);
    }

    [Theory]
    [InlineData("learnin-rate=0.1", "unknown setting 'learnin-rate'; did you mean 'learning-rate'?")]
    [InlineData("learning-rate=2", "learning-rate = 2: out of range; allowed: > 0 and ≤ 1")]
    [InlineData("learning-rate=fast", "'fast' is not a finite number; learning-rate takes a finite number, > 0 and ≤ 1")]
    [InlineData("learning-rate=0..0.1", "learning-rate = 0: out of range; allowed: > 0 and ≤ 1")]
    [InlineData("learning-rate=0.01..0.001", "the low end must be below the high end")]
    [InlineData("gamma=0..0.9:log", "a log range needs a low end > 0")]
    [InlineData("loss=huber..mse", "a range needs a numeric setting; loss takes one of huber, mse")]
    [InlineData("actors=1,2", "'actors' cannot be swept: every trial gets the same actors × envs-per-actor")]
    [InlineData("learning-rate", "expected name=v1,v2,… or name=lo..hi or name=lo..hi:log")]
    [InlineData("batch-size=64,,128", "an empty value")]
    public void Bad_specs_are_refused_with_what_is_wrong_and_what_is_allowed(string spec, string expected)
    {
        var problem = Problem(spec);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.StartsWith($"--param {spec}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_spec_is_reported_together_and_a_knob_swept_twice_too()
    {
        var problem = Assert.Throws<UsageException>(() => SweepParamParser.ParseAll(["learning-rate=2", "gamma=0.9", "gamma=0.99", "nstep=3"], Base)).Message;
        Assert.Contains("learning-rate = 2", problem, StringComparison.Ordinal);
        Assert.Contains("'gamma' is swept twice", problem, StringComparison.Ordinal);
        Assert.Contains("did you mean 'n-step'?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void List_settings_take_their_elements_joined_with_a_slash()
    {
        var hidden = Parse("hidden=64/64,128/128/128");
        Assert.Equal([[64, 64], [128, 128, 128]], hidden.Values!.Select(v => ((int[])v.Value!).ToList()));
        Assert.Contains("hidden = 0/64", Problem("hidden=0/64"), StringComparison.Ordinal);
    }
}
