namespace Flock.Environments.Tests.Parity;

/// <summary>
/// Where the Gymnasium reference trajectories are: $FLOCK_GYM_REFERENCE_DIR when set, else
/// &lt;repo root&gt;/../shared/reference/gymnasium (the CI layout, with <c>shared</c> beside the clone).
/// </summary>
internal static class GymnasiumReferenceDirectory
{
    public const string VariableName = "FLOCK_GYM_REFERENCE_DIR";

    /// <summary>The directory, or a failure message naming every place that was tried.</summary>
    public static (string? Directory, string Problem) Locate()
    {
        var fromVariable = Environment.GetEnvironmentVariable(VariableName);
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            return System.IO.Directory.Exists(fromVariable)
                ? (fromVariable, "")
                : (null, $"${VariableName} is set to '{fromVariable}', which is not a directory.");
        }

        var repoRoot = FindRepoRoot();
        var besideRepo = repoRoot is null
            ? null
            : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "reference", "gymnasium"));
        if (besideRepo is not null && System.IO.Directory.Exists(besideRepo))
        {
            return (besideRepo, "");
        }

        var tried = besideRepo ?? $"<repo root>/../shared/reference/gymnasium (no Actors.sln above {AppContext.BaseDirectory})";
        return (null,
            $"Gymnasium reference trajectories not found. Set ${VariableName} to their directory, " +
            $"or place them at {tried}.");
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
