using System.Globalization;
using Flock.Environments;
using Flock.Learner.Resources;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// Refuses, before anything is allocated, a run whose network is larger than Flock trains (and reads back) or
/// whose estimated memory exceeds what this machine (or its container) offers; the message carries the estimate.
/// </summary>
public static class ResourceCheck
{
    /// <summary>Share of the available memory a run may plan to use; the rest is the runtime's and the OS's.</summary>
    private const double UsableShare = 0.8;

    public static IEnumerable<ConfigError> Check(RunConfig config, EnvRegistration environment, long? availableBytes = null)
    {
        var obsDim = environment.ObservationSpace.Size;
        var actions = environment.ActionSpace.N;
        var architecture = config.NetworkArchitecture();
        var hidden = architecture.ToString();
        long parameters;
        try
        {
            parameters = architecture.ParameterCount(environment.ObservationSpace.Shape, actions, config.Dueling);
        }
        catch (ArgumentException)
        {
            // A network that does not fit the observation is refused by its own check, with the shapes named.
            yield break;
        }

        if (parameters > NetworkLimits.MaxParameters)
        {
            yield return new ConfigError(config.Network is null ? "hidden" : "network", hidden,
                $"the network ({obsDim} inputs, {actions} actions) has {N(parameters)} parameters; at most {N(NetworkLimits.MaxParameters)}", "default");
            yield break;
        }

        var units = obsDim + architecture.Hidden.Sum(w => (long)w) + actions + 1;
        var estimate = ResourceEstimate.For(parameters, units, (2 * config.Actors) + 2, obsDim, config.ReplayCapacity, config.BatchSize);
        var available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (estimate.TotalBytes > available * UsableShare)
        {
            yield return new ConfigError(config.Network is null ? "hidden, replay-capacity" : "network, replay-capacity", $"{hidden}, {N(config.ReplayCapacity)}",
                $"the run would need about {Bytes(estimate.TotalBytes)} (networks {Bytes(estimate.NetworkBytes)}, Adam {Bytes(estimate.OptimizerBytes)}, " +
                $"replay {Bytes(estimate.ReplayBytes)}, activations {Bytes(estimate.ActivationBytes)}; {N(parameters)} parameters), " +
                $"more than {UsableShare:P0} of the {Bytes(available)} this machine offers; use a smaller --hidden or --replay-capacity", "default");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB");
}
