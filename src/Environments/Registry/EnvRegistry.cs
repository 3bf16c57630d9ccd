using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Flock.Environments;

/// <summary>
/// Maps environment ids (<c>CartPole-v1</c>) to <see cref="EnvRegistration"/>s. <see cref="Default"/> holds
/// the built-ins and whatever the application adds; tests and tools that must not see each other's additions
/// make their own with <see cref="CreateWithBuiltIns"/> or <c>new EnvRegistry()</c> (empty). Thread-safe.
/// </summary>
public sealed class EnvRegistry
{
    private readonly Dictionary<string, EnvRegistration> _registrations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The process-wide registry, with the built-ins; the CLI registers <c>--env-assembly</c> classes here.</summary>
    public static EnvRegistry Default { get; } = CreateWithBuiltIns();

    /// <summary>A new registry holding only the built-in environments (<see cref="BuiltInEnvironments"/>).</summary>
    public static EnvRegistry CreateWithBuiltIns()
    {
        var registry = new EnvRegistry();
        foreach (var registration in BuiltInEnvironments.CreateRegistrations())
        {
            registry.Register(registration);
        }

        return registry;
    }

    /// <summary>All registrations, ordered by id.</summary>
    public IReadOnlyList<EnvRegistration> Registrations
    {
        get
        {
            lock (_lock)
            {
                return [.. _registrations.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>All registered ids, in order.</summary>
    public IReadOnlyList<string> Ids => [.. Registrations.Select(r => r.Id)];

    /// <exception cref="ArgumentException">The id is already registered.</exception>
    public EnvRegistration Register(EnvRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_lock)
        {
            if (_registrations.TryGetValue(registration.Id, out var existing))
            {
                throw new ArgumentException(DuplicateMessage(existing), nameof(registration));
            }

            _registrations.Add(registration.Id, registration);
        }

        return registration;
    }

    /// <summary>Registers an environment from code; see <see cref="EnvRegistration"/> for the arguments.</summary>
    /// <exception cref="ArgumentException">The id is already registered, or an argument is invalid.</exception>
    public EnvRegistration Register(
        string id,
        Func<IEnvironment> factory,
        double? solveThreshold = null,
        int? maxEpisodeSteps = null,
        string? description = null) =>
        Register(new EnvRegistration(id, factory, solveThreshold, maxEpisodeSteps, description));

    /// <summary>Registers a class marked with <see cref="FlockEnvironmentAttribute"/>.</summary>
    /// <exception cref="EnvironmentLoadException">The class is not usable or its id is taken; the message says why.</exception>
    public EnvRegistration RegisterType(Type type)
    {
        var registration = AttributedEnvironment.CreateRegistration(type);
        lock (_lock)
        {
            ThrowIfTaken(registration, type.Assembly);
            _registrations.Add(registration.Id, registration);
        }

        return registration;
    }

    /// <summary>
    /// Registers every class in <paramref name="assembly"/> marked with <see cref="FlockEnvironmentAttribute"/>:
    /// all of them or, if any is unusable or its id is taken, none.
    /// </summary>
    /// <exception cref="EnvironmentLoadException">No marked class, or one is unusable; the message says why.</exception>
    public IReadOnlyList<EnvRegistration> RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var registrations = AttributedEnvironment.CreateRegistrations(assembly);
        lock (_lock)
        {
            foreach (var registration in registrations)
            {
                ThrowIfTaken(registration, assembly);
            }

            foreach (var registration in registrations)
            {
                _registrations.Add(registration.Id, registration);
            }
        }

        return registrations;
    }

    /// <summary>
    /// Loads a user's environment assembly (the CLI's <c>--env-assembly PATH.dll</c>) into its own load context
    /// that shares Flock's assemblies with the host, and registers its marked classes as
    /// <see cref="RegisterAssembly"/> does.
    /// </summary>
    /// <exception cref="EnvironmentLoadException">
    /// The file is missing or not a .NET assembly, or its classes cannot be registered; the message says why.
    /// </exception>
    public IReadOnlyList<EnvRegistration> LoadAssembly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new EnvironmentLoadException($"Environment assembly path is empty ('{path}'): give the path of a .dll that holds your environments.");
        }

        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new EnvironmentLoadException($"Environment assembly '{fullPath}' is a directory: give the path of a .dll inside it.");
        }

        if (!File.Exists(fullPath))
        {
            throw new EnvironmentLoadException(
                $"Environment assembly not found: '{fullPath}'" + (path == fullPath ? "." : $" (given as '{path}')."));
        }

        Assembly assembly;
        try
        {
            assembly = new EnvironmentAssemblyLoadContext(fullPath).LoadFromAssemblyPath(fullPath);
        }
        catch (BadImageFormatException exception)
        {
            throw new EnvironmentLoadException(
                $"'{fullPath}' is not a .NET assembly (or was built for an incompatible runtime): {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is FileLoadException or IOException or UnauthorizedAccessException)
        {
            throw new EnvironmentLoadException($"Cannot load environment assembly '{fullPath}': {exception.Message}", exception);
        }

        return RegisterAssembly(assembly);
    }

    /// <exception cref="UnknownEnvironmentException">The id is not registered; the message lists the ids that are.</exception>
    public EnvRegistration Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryGet(id, out var registration) ? registration : throw new UnknownEnvironmentException(id, Ids);
    }

    public bool TryGet(string id, [NotNullWhen(true)] out EnvRegistration? registration)
    {
        lock (_lock)
        {
            return _registrations.TryGetValue(id, out registration);
        }
    }

    public bool Contains(string id) => TryGet(id, out _);

    /// <summary>A new instance of <paramref name="id"/> with its time limit (see <see cref="EnvRegistration.Make"/>).</summary>
    public IEnvironment Make(string id) => Get(id).Make();

    /// <summary><paramref name="count"/> time-limited instances of <paramref name="id"/> in one <see cref="VectorEnv"/>.</summary>
    public VectorEnv MakeVector(string id, int count) => Get(id).MakeVector(count);

    private void ThrowIfTaken(EnvRegistration registration, Assembly source)
    {
        if (_registrations.TryGetValue(registration.Id, out var existing))
        {
            throw new EnvironmentLoadException($"{Where(source)}: {DuplicateMessage(existing)}");
        }
    }

    private static string DuplicateMessage(EnvRegistration existing) =>
        $"Environment id '{existing.Id}' is already registered ({existing.Description}); pick another id or version suffix.";

    internal static string Where(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location) ? assembly.GetName().Name ?? "assembly" : assembly.Location;
}
