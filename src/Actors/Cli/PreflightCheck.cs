using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>The environment's pre-flight check (<see cref="EnvironmentPreflight"/>) as a command sees it: a failure is bad usage, exit 2, before anything starts or is written.</summary>
public static class PreflightCheck
{
    public static void Require(EnvRegistration environment, RunConfig config)
    {
        if (EnvironmentPreflight.Check(environment, (ulong)config.Seed) is { } problem)
        {
            throw new UsageException($"--env {config.Env}: {problem}");
        }
    }
}
