namespace Flock.Shared.Configuration;

/// <summary>An effective configuration and the knobs the user set in it (in a --config file or by flag), as opposed to those left at their defaults.</summary>
/// <param name="Config">The effective, validated configuration.</param>
/// <param name="GivenKnobs">Names (kebab-case) of the knobs the user set.</param>
public sealed record LoadedRunConfig(RunConfig Config, IReadOnlySet<string> GivenKnobs)
{
    public bool IsGiven(string knobName) => GivenKnobs.Contains(knobName);
}
