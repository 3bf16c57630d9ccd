using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Flock.Actors.Run;
using Flock.Actors.Sweep;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl sweep [train flags] [--param …] [--trials N] …</c>: trials of <c>flockrl train</c> side by side, with successive halving.</summary>
public static class SweepCommand
{
    private const string Description = """
        Search settings: run trials of `flockrl train` with different settings concurrently on one actor system
        (every trial gets the same actors × envs-per-actor; budgets are env steps, so a trial that got less CPU
        is judged on the same data). Hopeless trials stop early by asynchronous successive halving (ASHA) on
        the eval return: rungs lie at budget/η^k env steps down to --min-rung-env-steps; a trial that reaches
        rung k goes on only if its eval mean is among the best max(1, ⌊n/η⌋) of the n trials that reached rung k
        so far, else it is pruned there. A trial that solves stops at once and ranks above unsolved ones
        (fewer env steps first). Writes results.csv, sweep.html and best-config.json to --out and prints the
        best configuration, ready for `flockrl train --config`.
        """;

    public static Command Create(Func<RunConfig, IEnumerable<ConfigError>> extraChecks)
    {
        var options = new RunConfigOptions();
        var parameters = new Option<string[]>("--param")
        {
            Description = "a setting to sweep: name=v1,v2,… or name=lo..hi (uniform) or name=lo..hi:log (log-uniform); repeatable; list settings join elements with '/' (hidden=64/64,128/128). Default: learning rate, target interval, exploration (epsilon-alpha, or epsilon-decay-steps with --exploration decay), batch size, replay size",
            HelpName = "name=values",
            AllowMultipleArgumentsPerToken = false,
        };
        var trials = new Option<int>("--trials") { Description = "trials to run (grid: at most this many combinations)", DefaultValueFactory = _ => 9, HelpName = "N" };
        var strategy = new Option<string>("--strategy") { Description = "random (draws, seeded from --seed) or grid (cartesian product of the lists)", DefaultValueFactory = _ => "random", HelpName = "grid|random" };
        var budget = new Option<double?>("--budget-seconds") { Description = "wall time of the whole sweep; trials still running then are stopped and ranked by what they reached", HelpName = "T" };
        var parallel = new Option<int?>("--parallel") { Description = "trials at once (default: cores / (actors + 1), at least 2 so a trial has peers at its rungs; each trial keeps its env actors and its learner busy)", HelpName = "P" };
        var eta = new Option<int>("--eta") { Description = "halving rate η: 1/η of the trials at a rung go on", DefaultValueFactory = _ => 3, HelpName = "η" };
        var minRung = new Option<long?>("--min-rung-env-steps") { Description = "smallest rung in env steps (default: trial budget / η², so two rungs)", HelpName = "N" };
        var json = CommonOptions.Json();
        var noProgress = CommonOptions.NoProgress();
        var command = new Command("sweep", Description);
        options.AddTo(command);
        foreach (var option in new Option[] { parameters, trials, strategy, budget, parallel, eta, minRung, json, noProgress })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellation) =>
        {
            var loaded = options.LoadWithGivenKnobs(parse, extraChecks);
            var baseConfig = loaded.Config;
            var request = new SweepRequest(
                baseConfig,
                parse.GetValue(parameters) ?? [],
                parse.GetValue(trials),
                ParseStrategy(parse.GetValue(strategy)!),
                parse.GetValue(budget),
                parse.GetValue(parallel),
                parse.GetValue(eta),
                parse.GetValue(minRung),
                loaded.IsGiven(SweepDefaults.MetricsIntervalKnob));
            if (baseConfig.Deterministic)
            {
                throw new UsageException("--deterministic true: only flockrl train runs deterministically; a sweep runs its trials side by side");
            }

            // The plan validates every value first; it writes nothing, so the pre-flight check still comes before any output.
            var plan = SweepPlan.Create(request, extraChecks, DateTime.UtcNow);
            var environment = EnvironmentCatalog.Create(baseConfig.EnvAssembly).Get(baseConfig.Env);
            var device = PreflightCheck.Require(environment, baseConfig);
            var log = parse.GetValue(noProgress) ? TextWriter.Null : Console.Error;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flockrl: sweeping {baseConfig.Env}: {plan.Setup.Trials.Count} trials ({request.Strategy.ToString().ToLowerInvariant()}), {plan.Setup.Parallel} at once, {plan.Setup.Halving.MaxBudget:N0} env steps each, rungs at {string.Join(", ", plan.Setup.Halving.Rungs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} (η = {plan.Setup.Halving.Eta}), learners on {device.Label}; output {plan.Directory}"));

            var results = await SweepRunner.RunAsync(plan.Setup, environment, log, cancellation);
            var ranked = TrialRanking.Rank(results);
            var files = SweepOutput.Write(plan, ranked);
            Report(ranked, files, plan, parse.GetValue(json));
            return TrialRanking.Best(ranked) is null ? ExitCodes.RuntimeFailure : ExitCodes.Success;
        });
        return command;
    }

    private static SweepStrategy ParseStrategy(string text) => text.ToLowerInvariant() switch
    {
        "grid" => SweepStrategy.Grid,
        "random" => SweepStrategy.Random,
        _ => throw new UsageException($"--strategy {text}: must be grid or random"),
    };

    private static void Report(IReadOnlyList<TrialResult> ranked, SweepFiles files, SweepPlan plan, bool json)
    {
        var best = TrialRanking.Best(ranked);
        Console.Error.WriteLine($"flockrl: wrote {files.ResultsCsv} and {files.Page}");
        if (best is null)
        {
            Console.Error.WriteLine("flockrl: no trial ran to a result (all failed or none started); no best configuration");
        }
        else
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flockrl: best: trial {best.Trial} ({best.Plan.Describe()}): {best.Status}, eval mean {best.EvalMeanReturn100:0.0} after {best.EnvSteps:N0} env steps; config {files.BestConfig}"));
            if (files.BestConfig is { } bestConfig)
            {
                Console.Error.WriteLine($"flockrl: train with it: {CommandName.Invoked} train --config {CommandName.ShellWord(bestConfig)}");
            }
        }

        if (json)
        {
            JsonResult.WriteLine(Console.Out, new JsonObject
            {
                ["env"] = plan.Setup.Trials[0].Config.Env,
                ["out"] = files.Directory,
                ["results_csv"] = files.ResultsCsv,
                ["sweep_html"] = files.Page,
                ["best_config"] = files.BestConfig,
                ["best_trial"] = best?.Trial,
                ["best"] = best is null ? null : RunConfigJson.ToJsonObject(plan.TrainingConfig(best)),
                ["eta"] = plan.Setup.Halving.Eta,
                ["trial_env_steps"] = plan.Setup.Halving.MaxBudget,
                ["rungs_env_steps"] = new JsonArray([.. plan.Setup.Halving.Rungs.Select(r => (JsonNode)r)]),
                ["parallel"] = plan.Setup.Parallel,
                ["trials"] = new JsonArray([.. ranked.Select((r, i) => (JsonNode)TrialJson(r, i + 1))]),
            });
        }
        else if (best is not null)
        {
            Console.Out.WriteLine(RunConfigJson.Serialize(plan.TrainingConfig(best)));
            Console.Out.WriteLine(files.BestConfig);
        }
    }

    private static JsonObject TrialJson(TrialResult r, int rank)
    {
        var settings = new JsonObject();
        foreach (var (param, value) in r.Plan.Settings)
        {
            settings[param.Name] = value.Text;
        }

        return new JsonObject
        {
            ["rank"] = rank,
            ["trial"] = r.Trial,
            ["params"] = settings,
            ["status"] = r.Status,
            ["env_steps"] = r.EnvSteps,
            ["eval_mean_return_100"] = r.EvalMeanReturn100,
            ["solved_at_env_steps"] = r.SolvedAtEnvSteps,
            ["wall_seconds"] = r.WallSeconds,
            ["run_dir"] = r.RunDir,
            ["error"] = r.Error,
        };
    }
}
