namespace Flock.Actors.Cli;

/// <summary>The exit codes of the command-line contract (shared/CLI.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadUsage = 2;
}

/// <summary>Bad usage found inside a command (a missing file, an unknown bench name): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
