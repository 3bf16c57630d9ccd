using System.Reflection;

namespace Flock.Environments;

/// <summary>Turns classes marked with <see cref="FlockEnvironmentAttribute"/> into registrations, with clear errors.</summary>
internal static class AttributedEnvironment
{
    public static IReadOnlyList<EnvRegistration> CreateRegistrations(Assembly assembly)
    {
        var marked = LoadableTypes(assembly)
            .Where(t => t.IsDefined(typeof(FlockEnvironmentAttribute), inherit: false))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        if (marked.Count == 0)
        {
            throw new EnvironmentLoadException(
                $"{EnvRegistry.Where(assembly)}: no class is marked [FlockEnvironment(\"Id-v0\")]. " +
                $"Mark each environment class, which must implement {nameof(IEnvironment)} from Flock.Environments.");
        }

        var registrations = new List<EnvRegistration>(marked.Count);
        foreach (var type in marked)
        {
            var registration = CreateRegistration(type);
            var clash = registrations.FirstOrDefault(r => r.Id == registration.Id);
            if (clash is not null)
            {
                throw new EnvironmentLoadException(
                    $"{EnvRegistry.Where(assembly)}: id '{registration.Id}' is used by more than one class " +
                    $"({clash.Description} and {type.FullName}).");
            }

            registrations.Add(registration);
        }

        return registrations;
    }

    public static EnvRegistration CreateRegistration(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var where = $"{EnvRegistry.Where(type.Assembly)}: class {type.FullName}";
        var attribute = type.GetCustomAttribute<FlockEnvironmentAttribute>(inherit: false)
            ?? throw new EnvironmentLoadException($"{where} is not marked [FlockEnvironment(\"Id-v0\")].");

        if (!typeof(IEnvironment).IsAssignableFrom(type))
        {
            throw new EnvironmentLoadException($"{where} does not implement {typeof(IEnvironment).FullName}.{ForeignCopyHint(type)}");
        }

        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
        {
            throw new EnvironmentLoadException($"{where} must be a concrete, non-generic class to be instantiated.");
        }

        if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null)
        {
            throw new EnvironmentLoadException($"{where} has no public parameterless constructor; Flock creates one instance per environment with it.");
        }

        var id = attribute.Id;
        if (string.IsNullOrWhiteSpace(id) || id.Any(char.IsWhiteSpace))
        {
            throw new EnvironmentLoadException($"{where} has an invalid id '{id}': use a non-empty id without spaces, e.g. 'MyEnv-v0'.");
        }

        try
        {
            return new EnvRegistration(
                id,
                () => (IEnvironment)Activator.CreateInstance(type)!,
                double.IsNaN(attribute.SolveThreshold) ? null : attribute.SolveThreshold,
                attribute.MaxEpisodeSteps > 0 ? attribute.MaxEpisodeSteps : null,
                string.IsNullOrWhiteSpace(attribute.Description) ? type.FullName : attribute.Description);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new EnvironmentLoadException(
                $"{where}: creating an instance threw {exception.InnerException.GetType().Name}: {exception.InnerException.Message}",
                exception.InnerException);
        }
        catch (ArgumentException exception)
        {
            throw new EnvironmentLoadException($"{where}: {exception.Message}", exception);
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            var reasons = exception.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct();
            throw new EnvironmentLoadException(
                $"{EnvRegistry.Where(assembly)}: some types cannot be loaded (a missing dependency?): {string.Join("; ", reasons)}",
                exception);
        }
    }

    /// <summary>Explains the one confusing case: the class implements an IEnvironment from another copy of Flock.Environments.</summary>
    private static string ForeignCopyHint(Type type)
    {
        var lookalike = type.GetInterfaces().FirstOrDefault(i => i.FullName == typeof(IEnvironment).FullName);
        return lookalike is null
            ? ""
            : $" It implements an IEnvironment from another copy of Flock.Environments ({lookalike.Assembly.Location}); " +
              "reference the host's Flock.Environments instead of shipping a different one.";
    }
}
