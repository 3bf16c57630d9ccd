using System.CommandLine;
using Flock.Actors.Cluster;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
using Flock.Learner.Checkpoints;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>flockrl learner --listen HOST:PORT [--public-host NAME] [--tls-cert F.pfx | --insecure] [train flags] [--resume RUN_DIR]</c>:
/// the learner node of a cluster run (learner, replay, evaluator, coordinator) and the cluster's seed, fed by
/// the actor nodes that join it.
/// </summary>
public static class LearnerCommand
{
    public static Command Create(Func<RunConfig, IEnumerable<ConfigError>> extraChecks)
    {
        var options = new RunConfigOptions();
        var resume = new Option<string>("--resume") { Description = "continue the run in RUN_DIR from its checkpoint (its config.json is the base configuration)", HelpName = "RUN_DIR" };
        var json = CommonOptions.Json();
        var noProgress = CommonOptions.NoProgress();
        var network = new ClusterNetworkOptions($"127.0.0.1:{ClusterEndpoint.DefaultPort}", "where this learner node listens; actor nodes join it there");
        var command = new Command("learner", "Cluster learner node and seed: learner, replay and evaluator; actor nodes join it with `actors --join`.");
        options.AddTo(command);
        network.AddTo(command);
        command.Options.Add(resume);
        command.Options.Add(json);
        command.Options.Add(noProgress);
        command.SetAction(async (parse, cancellation) =>
        {
            var resumeDir = parse.GetValue(resume);
            if (resumeDir is not null && !File.Exists(Path.Combine(resumeDir, "checkpoint.bin")))
            {
                throw new UsageException($"--resume {resumeDir}: no checkpoint.bin in that folder");
            }

            var config = options.Load(parse, extraChecks, resumeDir is null ? null : Path.Combine(resumeDir, "config.json"));
            var node = network.Resolve(parse, ClusterRoles.Learner, seed: null, Console.Error);
            config = config with { Out = resumeDir ?? config.Out };
            var environment = EnvironmentCatalog.Create(config.EnvAssembly).Get(config.Env);
            var hostOptions = new RunHostOptions();
            if (resumeDir is not null)
            {
                var spec = Local.LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);
                hostOptions = hostOptions with { Resume = DqnCheckpoint.Load(Path.Combine(resumeDir, "checkpoint.bin"), spec) };
                KeepPreviousMetrics(resumeDir);
            }

            var directory = RunDirectory.Create(config, DateTime.UtcNow);
            Console.Error.WriteLine(resumeDir is null
                ? $"flockrl: learner for {config.Env}; run directory {directory.Path}"
                : $"flockrl: learner resuming {directory.Path} at update {hostOptions.Resume!.Updates:N0}");
            RunSummary summary;
            using (TelemetrySession.Start(config, "flock-learner"))
            await using (var progress = parse.GetValue(noProgress) ? ProgressView.Silent() : ProgressView.Create($"{CommandName.Tool} learner {config.Env}"))
            {
                progress.Extra = TraceFileSize.Describe(config.TraceFile);
                summary = await ClusterLearner.RunAsync(config, node, environment, directory, progress, Console.Error, hostOptions, cancellation);
            }

            return RunSummaryOutput.Write(summary, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>A resumed run starts a new metrics.csv; the previous one is kept beside it.</summary>
    private static void KeepPreviousMetrics(string runDir)
    {
        var metrics = Path.Combine(runDir, "metrics.csv");
        if (!File.Exists(metrics))
        {
            return;
        }

        var n = 1;
        while (File.Exists(Path.Combine(runDir, $"metrics.before-resume-{n}.csv")))
        {
            n++;
        }

        File.Move(metrics, Path.Combine(runDir, $"metrics.before-resume-{n}.csv"));
    }
}
