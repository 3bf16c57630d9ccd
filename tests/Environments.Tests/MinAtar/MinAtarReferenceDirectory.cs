using Flock.Environments.Tests.Parity;

namespace Flock.Environments.Tests.MinAtar;

/// <summary>
/// Where the MinAtar reference trajectories are: $FLOCK_MINATAR_REFERENCE_DIR when set, else
/// &lt;repo root&gt;/../shared/reference/minatar (the CI layout, with <c>shared</c> beside the clone).
/// </summary>
internal static class MinAtarReferenceDirectory
{
    public const string VariableName = "FLOCK_MINATAR_REFERENCE_DIR";

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

        var repoRoot = GymnasiumReferenceDirectory.FindRepoRoot();
        var besideRepo = repoRoot is null
            ? null
            : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "reference", "minatar"));
        if (besideRepo is not null && System.IO.Directory.Exists(besideRepo))
        {
            return (besideRepo, "");
        }

        var tried = besideRepo ?? $"<repo root>/../shared/reference/minatar (no Actors.sln above {AppContext.BaseDirectory})";
        return (null,
            $"MinAtar reference trajectories not found. Set ${VariableName} to their directory, or place them at {tried}.");
    }
}
