using System.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl config [--config F] [flags] --print</c>: the effective configuration after validation.</summary>
public static class ConfigCommand
{
    public static Command Create(Func<RunConfig, IEnumerable<ConfigError>> extraChecks)
    {
        var options = new RunConfigOptions();
        var print = new Option<bool>("--print") { Description = "print the effective configuration as JSON" };
        var describe = new Option<bool>("--describe") { Description = "print the reference of every setting (Markdown table)" };
        var command = new Command("config", "Validate a configuration and print the effective settings as JSON.");
        options.AddTo(command);
        command.Options.Add(print);
        command.Options.Add(describe);
        command.SetAction(parse =>
        {
            if (parse.GetValue(describe))
            {
                Console.Out.Write(ConfigReference.Markdown());
                return ExitCodes.Success;
            }

            var config = options.Load(parse, extraChecks);
            if (!parse.GetValue(print))
            {
                Console.Error.WriteLine("configuration is valid; add --print to see the effective settings");
                return ExitCodes.Success;
            }

            Console.Out.WriteLine(RunConfigJson.Serialize(config));
            return ExitCodes.Success;
        });
        return command;
    }
}
