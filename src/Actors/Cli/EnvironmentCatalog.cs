using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>The environments a command can use: the built-ins plus those of every <c>--env-assembly</c>.</summary>
public static class EnvironmentCatalog
{
    /// <summary>A registry with the built-ins and the given assemblies loaded; throws <see cref="ConfigurationException"/> on a bad assembly.</summary>
    public static EnvRegistry Create(IEnumerable<string> assemblies)
    {
        var errors = new List<ConfigError>();
        var registry = Load(assemblies, errors);
        return errors.Count == 0 ? registry : throw new ConfigurationException(errors);
    }

    /// <summary>Configuration checks that need the registry: assemblies load, the environment id exists.</summary>
    public static IEnumerable<ConfigError> Check(RunConfig config)
    {
        var errors = new List<ConfigError>();
        var registry = Load(config.EnvAssembly, errors);
        if (!registry.Contains(config.Env))
        {
            errors.Add(new ConfigError("env", config.Env, $"unknown environment; registered: {string.Join(", ", registry.Ids)} (add yours with --env-assembly PATH.dll)", "default"));
        }

        return errors;
    }

    /// <summary>
    /// The registration of <paramref name="env"/> with <paramref name="assemblies"/> loaded, or null and why not: for reading a
    /// finished run, whose environment assembly may no longer be loadable here.
    /// </summary>
    public static EnvRegistration? TryFind(string env, IEnumerable<string> assemblies, out string? problem)
    {
        var errors = new List<ConfigError>();
        var registry = Load(assemblies, errors);
        if (registry.TryGet(env, out var registration))
        {
            problem = null;
            return registration;
        }

        problem = errors.Count > 0
            ? string.Join("; ", errors.Select(e => e.Problem))
            : $"'{env}' is not registered here (registered: {string.Join(", ", registry.Ids)})";
        return null;
    }

    private static EnvRegistry Load(IEnumerable<string> assemblies, List<ConfigError> errors)
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
                errors.Add(new ConfigError("env-assembly", path, e.Message, "default"));
            }
        }

        return registry;
    }
}
