using System.CommandLine;
using Flock.Actors.Local;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>--resume RUN_DIR</c>, the same for <c>train</c> and <c>learner</c>: the run directory's config.json is the base
/// configuration (flags win), its <c>checkpoint-last.bin</c> the state to continue from. Everything is checked before
/// anything in the directory is touched, so a resume that cannot start leaves the run as it was.
/// </summary>
public static class ResumeOption
{
    public static Option<string> Create() => new("--resume")
    {
        Description = "continue the run in RUN_DIR from its checkpoint-last.bin (its config.json is the base configuration; counters continue, metrics.csv is appended)",
        HelpName = "RUN_DIR",
    };

    /// <summary>The config.json to load as the base configuration; refuses a folder that holds no resumable run.</summary>
    public static string ConfigFileOf(string runDir)
    {
        if (RunDirectory.NotReadable(runDir, "config.json and checkpoint-last.bin") is { } problem)
        {
            throw new UsageException($"--resume {problem}");
        }

        if (!File.Exists(RunDirectory.LastCheckpointOf(runDir)))
        {
            throw new UsageException($"--resume {runDir}: no checkpoint-last.bin in that folder (the run saved none: it was killed within its first --checkpoint-interval-seconds, or is not a run directory)");
        }

        var config = Path.Combine(runDir, "config.json");
        return File.Exists(config) ? config : throw new UsageException($"--resume {runDir}: no config.json in that folder");
    }

    /// <summary>The configuration to resume with: the run directory is its own output.</summary>
    public static RunConfig ForRun(RunConfig config, string runDir) => config with { Out = Path.GetFullPath(runDir) };

    /// <summary>The state in checkpoint-last.bin, checked against the network <paramref name="config"/> builds.</summary>
    public static DqnTrainingState Load(string runDir, RunConfig config, EnvRegistration environment)
    {
        var network = LearnerConfiguration.Network(config, environment.ObservationSpace.Shape, environment.ActionSpace.N);
        var path = RunDirectory.LastCheckpointOf(runDir);
        try
        {
            return DqnCheckpoint.Load(path, network);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--resume {runDir}: {Path.GetFileName(path)} cannot be resumed with this configuration: {e.Message}");
        }
    }
}
