using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl eval --checkpoint F [--env ID] [--episodes N] [--seed S] [--json]</c>: greedy episodes with a saved network.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "checkpoint.bin of a run", Required = true, HelpName = "file" };
        var env = new Option<string>("--env") { Description = "environment id (default: the env in config.json next to the checkpoint, else CartPole-v1)", HelpName = "id" };
        var assemblies = new Option<string[]>("--env-assembly") { Description = "assembly with your own environments (repeatable)", HelpName = "path" };
        var episodes = new Option<int>("--episodes") { Description = "greedy episodes to play", DefaultValueFactory = _ => 100, HelpName = "N" };
        var seed = new Option<long>("--seed") { Description = "seed of the first episode", DefaultValueFactory = _ => 1, HelpName = "S" };
        var json = CommonOptions.Json();
        var command = new Command("eval", "Play greedy episodes with a saved network.") { checkpoint, env, assemblies, episodes, seed, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(checkpoint)!;
            var episodeCount = parse.GetValue(episodes);
            if (episodeCount is < 1 or > 1_000_000)
            {
                throw new UsageException($"--episodes {episodeCount}: must be ≥ 1 and ≤ 1000000");
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"--checkpoint {path}: no such file");
            }

            var envId = parse.GetValue(env) ?? EnvOfRun(path) ?? "CartPole-v1";
            var registry = EnvironmentCatalog.Create(parse.GetValue(assemblies) ?? []);
            if (!registry.TryGet(envId, out var registration))
            {
                throw new UsageException($"--env {envId}: unknown environment; registered: {string.Join(", ", registry.Ids)}");
            }

            var network = DqnCheckpoint.LoadOnlineNetwork(path);
            if (network.Spec.ObsDim != registration.ObservationSpace.Size || network.Spec.ActionCount != registration.ActionSpace.N)
            {
                throw new UsageException($"--checkpoint {path}: its network takes {network.Spec.ObsDim} observations and has {network.Spec.ActionCount} actions, but {envId} has {registration.ObservationSpace.Size} and {registration.ActionSpace.N}");
            }

            var returns = Play(registration, network, episodeCount, (ulong)parse.GetValue(seed));
            var mean = returns.Average();
            var solved = registration.SolveThreshold is { } threshold && episodeCount >= 100 && returns.TakeLast(100).Average() >= threshold;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flockrl: {envId}: mean return {mean:0.##} over {episodeCount} greedy episodes (min {returns.Min():0.##}, max {returns.Max():0.##})"));
            if (parse.GetValue(json))
            {
                JsonResult.WriteLine(Console.Out, new JsonObject
                {
                    ["env"] = envId,
                    ["episodes"] = episodeCount,
                    ["mean_return"] = mean,
                    ["min_return"] = returns.Min(),
                    ["max_return"] = returns.Max(),
                    ["solve_threshold"] = registration.SolveThreshold,
                    ["solved"] = solved,
                    ["weights_version"] = network.Version,
                });
            }
            else
            {
                Console.Out.WriteLine(mean.ToString("0.##", CultureInfo.InvariantCulture));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static double[] Play(EnvRegistration registration, QNetwork network, int episodes, ulong seed)
    {
        var episode = new Roles.GreedyEpisode(registration, network);
        var returns = new double[episodes];
        for (var e = 0; e < episodes; e++)
        {
            returns[e] = episode.Play(seed + (ulong)e).Return;
        }

        return returns;
    }

    /// <summary>The environment a run was trained on, from the config.json beside its checkpoint.</summary>
    private static string? EnvOfRun(string checkpointPath)
    {
        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, "config.json");
        if (!File.Exists(config))
        {
            return null;
        }

        var errors = new List<ConfigError>();
        var loaded = RunConfigLoader.ApplyJson(new RunConfig(), File.ReadAllText(config), config, errors);
        return errors.Count == 0 ? loaded.Env : null;
    }
}
