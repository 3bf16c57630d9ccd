using System.Reflection;
using System.Runtime.Loader;

namespace Flock.Environments;

/// <summary>
/// Loads a user's environment assembly and its private dependencies (found through its .deps.json, or next to
/// it) while sharing every assembly the host already has, Flock.Environments above all: the user's classes
/// must implement the host's <see cref="IEnvironment"/>, not a second copy of it that happens to sit next to
/// the user's DLL.
/// </summary>
internal sealed class EnvironmentAssemblyLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblyNames = new(ReadHostAssemblyNames);

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;

    public EnvironmentAssemblyLoadContext(string assemblyPath)
        : base($"Flock environments: {Path.GetFileName(assemblyPath)}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
        _directory = Path.GetDirectoryName(assemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || IsHostAssembly(assemblyName.Name))
        {
            // Null defers to the default context: the host's copy.
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var besideIt = Path.Combine(_directory, assemblyName.Name + ".dll");
            path = File.Exists(besideIt) ? besideIt : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool IsHostAssembly(string name) =>
        HostAssemblyNames.Value.Contains(name)
        || Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The simple names of the host's trusted platform assemblies: the framework and the app's own.</summary>
    private static HashSet<string> ReadHostAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string paths)
        {
            foreach (var path in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }
}
