using System.CommandLine;
using System.Text.Json.Nodes;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl envs [--env-assembly P] [--json]</c>: registered environments with spaces and thresholds.</summary>
public static class EnvsCommand
{
    public static Command Create()
    {
        var assemblies = new Option<string[]>("--env-assembly") { Description = "assembly with your own environments (repeatable)", HelpName = "path" };
        var json = CommonOptions.Json();
        var command = new Command("envs", "List the registered environments with their spaces and solve thresholds.") { assemblies, json };
        command.SetAction(parse =>
        {
            var registry = EnvironmentCatalog.Create(parse.GetValue(assemblies) ?? []);
            if (!parse.GetValue(json))
            {
                foreach (var registration in registry.Registrations)
                {
                    Console.Out.WriteLine(registration.ToString());
                }

                return ExitCodes.Success;
            }

            var list = new JsonArray();
            foreach (var r in registry.Registrations)
            {
                list.Add(new JsonObject
                {
                    ["id"] = r.Id,
                    ["description"] = r.Description,
                    ["observation_space"] = r.ObservationSpace.ToString(),
                    ["observation_size"] = r.ObservationSpace.Size,
                    ["actions"] = r.ActionSpace.N,
                    ["max_episode_steps"] = r.MaxEpisodeSteps,
                    ["solve_threshold"] = r.SolveThreshold,
                });
            }

            JsonResult.WriteLine(Console.Out, new JsonObject { ["environments"] = list });
            return ExitCodes.Success;
        });
        return command;
    }
}
