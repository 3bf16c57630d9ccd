using System.CommandLine;
using System.CommandLine.Parsing;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// One command-line option per <see cref="RunConfig"/> knob plus <c>--config</c>, generated from the
/// knobs themselves so flags, JSON keys and validation can never drift apart.
/// </summary>
public sealed class RunConfigOptions
{
    private readonly List<(ConfigKnob Knob, Option Option)> _knobOptions = [];

    public RunConfigOptions(Func<ConfigKnob, bool>? include = null)
    {
        foreach (var knob in ConfigKnob.All.Where(include ?? (_ => true)))
        {
            Option option = knob.IsBoolean
                ? new Option<bool>(knob.Flag) { Description = knob.Attribute.Help }
                : knob.IsList
                    ? new Option<string[]>(knob.Flag) { Description = $"{knob.Attribute.Help} [{knob.DescribeAllowed()}]", HelpName = "value" }
                    : new Option<string>(knob.Flag) { Description = $"{knob.Attribute.Help} [{knob.DescribeAllowed()}]", HelpName = "value" };
            _knobOptions.Add((knob, option));
        }
    }

    public Option<string> ConfigFile { get; } = new("--config") { Description = "JSON file of settings (kebab-case keys, as `flockrl config --print` writes); flags win", HelpName = "file" };

    /// <summary>Commands that carry run-configuration options, so parse errors can be reported together with configuration problems.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Command, RunConfigOptions> Owners = [];

    public static RunConfigOptions? Of(Command command) => Owners.TryGetValue(command, out var options) ? options : null;

    public void AddTo(Command command)
    {
        Owners.AddOrUpdate(command, this);
        command.Options.Add(ConfigFile);
        foreach (var (_, option) in _knobOptions)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The effective, validated configuration; throws <see cref="ConfigurationException"/> with every problem.
    /// <c>defaultConfigFile</c> is read when no --config is given (a resumed run's config.json).</summary>
    public RunConfig Load(ParseResult parse, Func<RunConfig, IEnumerable<ConfigError>>? extraChecks = null, string? defaultConfigFile = null) =>
        LoadWithGivenKnobs(parse, extraChecks, defaultConfigFile).Config;

    /// <summary>As <see cref="Load"/>, and also which knobs the user set on the command line or in the config file.</summary>
    public LoadedRunConfig LoadWithGivenKnobs(ParseResult parse, Func<RunConfig, IEnumerable<ConfigError>>? extraChecks = null, string? defaultConfigFile = null)
    {
        var flags = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (knob, option) in _knobOptions)
        {
            if (parse.GetResult(option) is not { Implicit: false } result)
            {
                continue;
            }

            flags[knob.Name] = option switch
            {
                Option<bool> b => [parse.GetValue(b) ? "true" : "false"],
                _ => result.Tokens.Select(t => t.Value).ToArray(),
            };
        }

        // Read from the tokens: a --config given without its file is a parse error already reported, not a crash here.
        var configFile = parse.GetResult(ConfigFile) is { } given ? given.Tokens.LastOrDefault()?.Value : defaultConfigFile;
        return RunConfigLoader.LoadWithGivenKnobs(configFile, flags, extraChecks, EnvironmentCatalog.Preset);
    }
}
