namespace Flock.Shared.CommandLine;

/// <summary>
/// The name a user runs Flock's command line by. The product is Flock, but util-linux owns the command
/// <c>flock</c> on every Linux machine, so the executable is <c>flockrl</c>.
/// </summary>
public static class CommandName
{
    /// <summary>The installed command (the .NET tool's command and the assembly's name).</summary>
    public const string Tool = "flockrl";

    /// <summary>The variable the repository's <c>./flockrl</c> wrapper sets to the path it was started by.</summary>
    public const string InvokedAsVariable = "FLOCK_INVOKED_AS";

    /// <summary>
    /// The command to print in lines meant for pasting, so that they run as printed from where the user is:
    /// <c>./flockrl</c> when started through the repository's wrapper, <c>flockrl</c> when installed as a tool.
    /// </summary>
    public static string Invoked { get; } = FromEnvironment(Environment.GetEnvironmentVariable(InvokedAsVariable));

    /// <summary>The command for a wrapper-reported path, quoted for a POSIX shell when it needs it; none gives <see cref="Tool"/>.</summary>
    public static string FromEnvironment(string? invokedAs) =>
        string.IsNullOrWhiteSpace(invokedAs) ? Tool : ShellWord(invokedAs);

    /// <summary>
    /// <paramref name="word"/> as one word of a POSIX shell command line: as it is when it holds nothing the shell
    /// would interpret, else in single quotes (a quote inside written <c>'\''</c>).
    /// </summary>
    public static string ShellWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ',' or ':' or '+' or '@' or '%')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
