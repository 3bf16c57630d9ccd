using Flock.Environments;
using Flock.Learner.Gpu;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// What a run needs of this machine, checked as a command sees it: the environment's pre-flight check
/// (<see cref="EnvironmentPreflight"/>) and the learner's device (<c>--device</c>). A failure is bad usage, exit 2,
/// before anything starts or is written.
/// </summary>
public static class PreflightCheck
{
    /// <summary>Checks the environment and resolves the learner's device.</summary>
    /// <returns>The device the learner will train on.</returns>
    public static ComputeDevice Require(EnvRegistration environment, RunConfig config)
    {
        if (EnvironmentPreflight.Check(environment, (ulong)config.Seed) is { } problem)
        {
            throw new UsageException($"--env {config.Env}: {problem}");
        }

        return RequireDevice(config.Device);
    }

    /// <summary>The device <paramref name="kind"/> means here (<see cref="ComputeDevices.Resolve"/>); none found is bad usage.</summary>
    public static ComputeDevice RequireDevice(ComputeDeviceKind kind)
    {
        try
        {
            return ComputeDevices.Resolve(kind);
        }
        catch (DeviceNotFoundException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
