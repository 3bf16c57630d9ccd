using System.CommandLine;
using Flock.Actors.Cluster;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
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
        var resume = ResumeOption.Create();
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
            var config = options.Load(parse, extraChecks, resumeDir is null ? null : ResumeOption.ConfigFileOf(resumeDir));
            if (config.Deterministic)
            {
                throw new UsageException("--deterministic true: only flockrl train runs deterministically (one thread in lockstep); a cluster's actors run concurrently by nature");
            }

            var node = network.Resolve(parse, ClusterRoles.Learner, seed: null, Console.Error);
            config = resumeDir is null ? config : ResumeOption.ForRun(config, resumeDir);
            var environment = EnvironmentCatalog.Create(config.EnvAssembly).Get(config.Env);
            var device = PreflightCheck.Require(environment, config);
            var hostOptions = new RunHostOptions(Verbose: parse.GetValue(FlockCli.Verbose), Resume: resumeDir is null ? null : ResumeOption.Load(resumeDir, config, environment));
            using var directory = RunDirectory.Create(config, DateTime.UtcNow, resumeDir is null ? RunDirectoryMode.New : RunDirectoryMode.Resume);
            Console.Error.WriteLine(resumeDir is null
                ? $"flockrl: learner for {config.Env} on {device.Label}; run directory {directory.Path}"
                : $"flockrl: learner resuming {directory.Path} at update {hostOptions.Resume!.Updates:N0}, on {device.Label}");
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
}
