using System.CommandLine;
using System.Globalization;
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
        var json = CommonOptions.Json();
        var noProgress = CommonOptions.NoProgress();
        var command = new Command("train", "Train locally: every actor in this process, no broker. Writes a run directory.");
        options.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(noProgress);
        command.SetAction(async (parse, cancellation) =>
        {
            var config = options.Load(parse, extraChecks);
            var environment = EnvironmentCatalog.Create(config.EnvAssembly).Get(config.Env);
            var directory = RunDirectory.Create(config, DateTime.UtcNow);
            Console.Error.WriteLine($"flockrl: training {config.Env} with {config.Actors} actors × {config.EnvsPerActor} envs; run directory {directory.Path}");
            RunSummary summary;
            using (TelemetrySession.Start(config, "flock-train"))
            await using (var progress = parse.GetValue(noProgress) ? ProgressView.Silent() : ProgressView.Create($"{CommandName.Tool} train {config.Env}"))
            {
                progress.Extra = TraceFileSize.Describe(config.TraceFile);
                summary = await LocalRun.RunAsync(config, environment, directory, progress, Console.Error, cancellation, Hooks());
            }

            return RunSummaryOutput.Write(summary, parse.GetValue(json));
        });
        return command;
    }

    private static LocalRunHooks? Hooks() =>
        long.TryParse(Environment.GetEnvironmentVariable(LearnerFailEnvironmentVariable), CultureInfo.InvariantCulture, out var at)
            ? new LocalRunHooks(LearnerFailAtUpdate: at)
            : null;
}
