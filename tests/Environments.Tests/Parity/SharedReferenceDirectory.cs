namespace Flock.Environments.Tests.Parity;

/// <summary>
/// Where a set of reference trajectories is: the directory an environment variable names when it is set, else
/// &lt;repo root&gt;/../shared/reference/&lt;folder&gt; (the CI layout, with <c>shared</c> beside the clone).
/// </summary>
internal static class SharedReferenceDirectory
{
    /// <summary>The directory, or a failure message naming every place that was tried.</summary>
    /// <param name="variableName">The variable that overrides the location.</param>
    /// <param name="folder">The folder under shared/reference.</param>
    /// <param name="what">What the trajectories are, for the message ("Gymnasium").</param>
    public static (string? Directory, string Problem) Locate(string variableName, string folder, string what)
    {
        var fromVariable = Environment.GetEnvironmentVariable(variableName);
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            return Directory.Exists(fromVariable)
                ? (fromVariable, "")
                : (null, $"${variableName} is set to '{fromVariable}', which is not a directory.");
        }

        var repoRoot = FindRepoRoot();
        var besideRepo = repoRoot is null ? null : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "reference", folder));
        if (besideRepo is not null && Directory.Exists(besideRepo))
        {
            return (besideRepo, "");
        }

        var tried = besideRepo ?? $"<repo root>/../shared/reference/{folder} (no Actors.sln above {AppContext.BaseDirectory})";
        return (null, $"{what} reference trajectories not found. Set ${variableName} to their directory, or place them at {tried}.");
    }

    /// <summary>The nearest directory above the test binaries that holds Actors.sln.</summary>
    public static string? FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Actors.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
