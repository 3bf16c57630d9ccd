using System.CommandLine;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>The <c>flockrl</c> command line: builds the commands, parses, and maps failures to exit codes.</summary>
public static class FlockCli
{
    /// <summary><c>--verbose</c>, on every command: stack traces of failures on stderr too (a run always writes them to its run.log).</summary>
    public static Option<bool> Verbose { get; } = new("--verbose") { Description = "print the stack trace of a failure (a run also writes it to run.log in its directory)", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("Flock: a parallel Ape-X DQN experience collector for .NET.");
        root.Options.Add(Verbose);
        root.Subcommands.Add(ConfigCommand.Create(ExtraChecks));
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(EnvsCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(TrainCommand.Create(ExtraChecks));
        root.Subcommands.Add(SweepCommand.Create(ExtraChecks));
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(LearnerCommand.Create(ExtraChecks));
        root.Subcommands.Add(ActorsCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"flockrl: {error.Message}{SuggestFlag(error.Message)}");
            }

            ReportConfigurationProblemsToo(parse);
            Console.Error.WriteLine($"Run '{CommandName.Invoked} --help' or '{CommandName.Invoked} <command> --help' for usage.");
            return ExitCodes.BadUsage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,

                // Ctrl-C cancels the command's token; a run then stops its actors and writes its checkpoint,
                // which must not be cut short by the default two-second grace period.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
            });
        }
        catch (ConfigurationException e)
        {
            WriteConfigurationProblems(e);
            return ExitCodes.BadUsage;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"flockrl: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"flockrl: failed: {e.Message}");
            if (parse.GetValue(Verbose))
            {
                Console.Error.WriteLine(e);
            }
            else
            {
                Console.Error.WriteLine("flockrl: (--verbose prints where it failed)");
            }

            return ExitCodes.RuntimeFailure;
        }
    }

    private static void WriteConfigurationProblems(ConfigurationException e)
    {
        Console.Error.WriteLine($"flockrl: invalid configuration ({e.Errors.Count} problem{(e.Errors.Count == 1 ? "" : "s")}):");
        foreach (var error in e.Errors)
        {
            Console.Error.WriteLine($"  {error}");
        }
    }

    /// <summary>An unknown flag should not hide the other problems of the same command line.</summary>
    private static void ReportConfigurationProblemsToo(ParseResult parse)
    {
        if (RunConfigOptions.Of(parse.CommandResult.Command) is not { } options)
        {
            return;
        }

        try
        {
            options.Load(parse, ExtraChecks);
        }
        catch (ConfigurationException e)
        {
            WriteConfigurationProblems(e);
        }
    }

    private static string SuggestFlag(string parseMessage)
    {
        var match = System.Text.RegularExpressions.Regex.Match(parseMessage, "'--([^']+)'");
        // A known flag that only lacks its value suggests itself: no suggestion then.
        return match.Success && ConfigKnob.Suggest(match.Groups[1].Value) is { } near && near != match.Groups[1].Value ? $" Did you mean '--{near}'?" : "";
    }

    /// <summary>Checks that need more than the Shared project knows; grows with the environment registry.</summary>
    private static IEnumerable<ConfigError> ExtraChecks(RunConfig config) => EnvironmentCatalog.Check(config);
}
