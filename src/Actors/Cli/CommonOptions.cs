using System.CommandLine;

namespace Flock.Actors.Cli;

/// <summary>Options that many commands share, with one meaning everywhere.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "print exactly one JSON object as the last line of stdout" };

    public static Option<bool> NoProgress() => new("--no-progress") { Description = "do not print progress to stderr" };
}
