using System.CommandLine;
using System.Globalization;
using Flock.Actors.Deterministic;
using Flock.Actors.Local;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
using Flock.Shared.CommandLine;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl train [flags]</c>: a local run, every actor in this process, no broker.</summary>
public static class TrainCommand
{
    /// <summary>Test hook (see <see cref="LocalRunHooks"/>): make the learner fail at this update.</summary>
    public const string LearnerFailEnvironmentVariable = "FLOCK_TEST_LEARNER_FAIL_AT_UPDATE";

    public static Command Create(Func<RunConfig, IEnumerable<ConfigError>> extraChecks)
    {
        var options = new RunConfigOptions();
        var resume = ResumeOption.Create();
        var force = new Option<bool>("--force") { Description = "replace the run in an existing, non-empty --out directory (its run files are removed first)" };
        var json = CommonOptions.Json();
        var noProgress = CommonOptions.NoProgress();
        var command = new Command("train", "Train locally: every actor in this process, no broker. Writes a run directory.");
        options.AddTo(command);
        command.Options.Add(resume);
        command.Options.Add(force);
        command.Options.Add(json);
        command.Options.Add(noProgress);
        command.SetAction(async (parse, cancellation) =>
        {
            var resumeDir = parse.GetValue(resume);
            if (resumeDir is not null && parse.GetValue(force))
            {
                throw new UsageException($"--resume {resumeDir} and --force: give one; --resume continues the run, --force replaces it");
            }

            var config = options.Load(parse, extraChecks, resumeDir is null ? null : ResumeOption.ConfigFileOf(resumeDir));
            config = resumeDir is null ? config : ResumeOption.ForRun(config, resumeDir);
            var environment = EnvironmentCatalog.Create(config.EnvAssembly).Get(config.Env);
            var device = PreflightCheck.Require(environment, config);
            if (config.Deterministic && resumeDir is not null)
            {
                throw new UsageException($"--resume {resumeDir} with --deterministic: a deterministic run replays from its seed; resume it without --deterministic, or start it again");
            }

            var hostOptions = new RunHostOptions(LearnerFailAtUpdate: LearnerFailAtUpdate(), Verbose: parse.GetValue(FlockCli.Verbose), Resume: resumeDir is null ? null : ResumeOption.Load(resumeDir, config, environment));
            var mode = resumeDir is not null ? RunDirectoryMode.Resume : parse.GetValue(force) ? RunDirectoryMode.Force : RunDirectoryMode.New;
            using var directory = RunDirectory.Create(config, DateTime.UtcNow, mode);
            Console.Error.WriteLine(hostOptions.Resume is { } state
                ? $"flockrl: resuming {config.Env} at update {state.Updates:N0}, {state.Progress.EnvSteps:N0} env steps, learner on {device.Label}; run directory {directory.Path}"
                : $"flockrl: training {config.Env} with {config.Actors} actors × {config.EnvsPerActor} envs{(config.Deterministic ? ", deterministic (one thread, in lockstep)" : "")}, learner on {device.Label}; run directory {directory.Path}");
            RunSummary summary;
            using (TelemetrySession.Start(config, "flock-train"))
            await using (var progress = parse.GetValue(noProgress) ? ProgressView.Silent() : ProgressView.Create($"{CommandName.Tool} train {config.Env}"))
            {
                progress.Extra = TraceFileSize.Describe(config.TraceFile);
                summary = config.Deterministic
                    ? await LockstepRun.RunAsync(config, environment, directory, progress, Console.Error, cancellation)
                    : await LocalRun.RunAsync(config, environment, directory, progress, Console.Error, hostOptions, cancellation);
            }

            return RunSummaryOutput.Write(summary, parse.GetValue(json));
        });
        return command;
    }

    private static long? LearnerFailAtUpdate() =>
        long.TryParse(Environment.GetEnvironmentVariable(LearnerFailEnvironmentVariable), CultureInfo.InvariantCulture, out var at) ? at : null;
}
