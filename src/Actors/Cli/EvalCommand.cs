using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>flockrl eval --checkpoint F [--env ID] [--episodes N] [--seed S] [--json]</c>: greedy episodes with a saved
/// network. The environment and its assembly default to those in the run's config.json beside the checkpoint.
/// </summary>
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

            if (Directory.Exists(path))
            {
                throw new UsageException($"--checkpoint {path}: is a directory; give a checkpoint file in it (checkpoint.bin, or checkpoint-last.bin)");
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"--checkpoint {path}: no such file");
            }

            var run = RunOf(path);
            var envId = parse.GetValue(env) ?? run?.Env ?? "CartPole-v1";

            // A custom environment's assembly is named in the run's config.json: use it unless told otherwise.
            var given = parse.GetValue(assemblies) ?? [];
            var fromRun = given.Length == 0 && run is { EnvAssembly.Count: > 0 };
            var registry = fromRun
                ? EnvironmentCatalog.Create(run!.EnvAssembly, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "config.json"))
                : EnvironmentCatalog.Create(given);
            if (!registry.TryGet(envId, out var registration))
            {
                throw new UsageException($"--env {envId}: unknown environment; registered: {string.Join(", ", registry.Ids)} (a custom environment needs its assembly: --env-assembly PATH.dll)");
            }

            DqnTrainingState state;
            try
            {
                state = DqnCheckpoint.Load(path);
            }
            catch (InvalidDataException e)
            {
                throw new UsageException($"--checkpoint {path}: {e.Message}");
            }

            var network = new QNetwork(state.Spec);
            network.LoadWeights(state.Online, state.Updates);
            if (network.Spec.ObsDim != registration.ObservationSpace.Size || network.Spec.ActionCount != registration.ActionSpace.N)
            {
                throw new UsageException($"--checkpoint {path}: its network takes {network.Spec.ObsDim} observations and has {network.Spec.ActionCount} actions, but {envId} has {registration.ObservationSpace.Size} and {registration.ActionSpace.N}");
            }

            var returns = Play(registration, network, episodeCount, (ulong)parse.GetValue(seed));
            var mean = returns.Average();

            // "Solved" is judged as in training: the mean of the last 100 greedy episodes against the threshold;
            // with fewer episodes, or no threshold, there is no verdict (null).
            bool? solved = registration.SolveThreshold is { } threshold && episodeCount >= SolveWindow ? returns.TakeLast(SolveWindow).Average() >= threshold : null;
            var recorded = state.EvaluationMeanReturn is { } recordedMean
                ? string.Create(CultureInfo.InvariantCulture, $"; the run recorded {recordedMean:G6} over {state.EvaluationEpisodes} episodes of these weights")
                : "";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flockrl: {envId}: mean return {mean:G6} over {episodeCount} greedy episodes (min {returns.Min():G6}, max {returns.Max():G6}){recorded}"));
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
                    ["solved_means"] = $"mean of the last {SolveWindow} episodes >= solve_threshold; null with fewer than {SolveWindow} episodes or no threshold",
                    ["weights_version"] = network.Version,
                    ["checkpoint_eval_mean_return"] = state.EvaluationMeanReturn,
                    ["checkpoint_eval_episodes"] = state.EvaluationEpisodes,
                });
            }
            else
            {
                Console.Out.WriteLine(mean.ToString("G6", CultureInfo.InvariantCulture));
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

    private const int SolveWindow = 100;

    /// <summary>The configuration of the run a checkpoint belongs to, from the config.json beside it; null when there is none.</summary>
    private static RunConfig? RunOf(string checkpointPath)
    {
        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, "config.json");
        if (!File.Exists(config))
        {
            return null;
        }

        var errors = new List<ConfigError>();
        var loaded = RunConfigLoader.ApplyJson(new RunConfig(), File.ReadAllText(config), config, errors);
        return errors.Count == 0 ? loaded : null;
    }
}
