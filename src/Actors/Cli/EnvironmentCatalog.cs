using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>The environments a command can use: the built-ins plus those of every <c>--env-assembly</c>.</summary>
public static class EnvironmentCatalog
{
    /// <summary>A registry with the built-ins and the given assemblies (from <c>--env-assembly</c> flags) loaded; throws <see cref="ConfigurationException"/> on a bad assembly.</summary>
    public static EnvRegistry Create(IEnumerable<string> assemblies, string source = "flag")
    {
        var errors = new List<ConfigError>();
        var registry = Load(assemblies, errors, source);
        return errors.Count == 0 ? registry : throw new ConfigurationException(errors);
    }

    /// <summary>Configuration checks that need the registry: assemblies load, the environment id exists.</summary>
    public static IEnumerable<ConfigError> Check(RunConfig config)
    {
        var errors = new List<ConfigError>();
        var registry = Load(config.EnvAssembly, errors, "default");

        // With an assembly that failed to load, "unknown environment" would only repeat that error.
        if (errors.Count > 0)
        {
            return errors;
        }

        if (!registry.TryGet(config.Env, out var registration))
        {
            errors.Add(new ConfigError("env", config.Env, $"unknown environment; registered: {string.Join(", ", registry.Ids)} (add yours with --env-assembly PATH.dll)", "default"));
        }
        else if (config.Network is { } network
            && Shared.Networks.NetworkArchitecture.TryParse(network, out var architecture, out _)
            && !architecture!.TryConvolutionOutput(registration.ObservationSpace.Shape, out _, out var problem))
        {
            errors.Add(new ConfigError("network", network, $"does not fit {config.Env}: {problem}", "default"));
        }
        else
        {
            errors.AddRange(ResourceCheck.Check(config, registration));
        }

        return errors;
    }

    /// <summary>The run defaults of the configured environment (<see cref="EnvRegistration.Preset"/>); none when it is unknown.</summary>
    public static IReadOnlyDictionary<string, string> Preset(RunConfig config)
    {
        var registry = Load(config.EnvAssembly, [], "default");
        return registry.TryGet(config.Env, out var registration) ? registration.Preset : new Dictionary<string, string>();
    }

    // source: where the paths came from, for the messages (the configuration loader overwrites "default" with the real source).
    private static EnvRegistry Load(IEnumerable<string> assemblies, List<ConfigError> errors, string source)
    {
        var registry = EnvRegistry.CreateWithBuiltIns();
        foreach (var path in assemblies)
        {
            try
            {
                registry.LoadAssembly(path);
            }
            catch (EnvironmentLoadException e)
            {
                errors.Add(new ConfigError("env-assembly", path, e.Message, source));
            }
        }

        return registry;
    }
}
