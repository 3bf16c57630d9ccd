using Flock.Environments.Tests.Parity;

namespace Flock.Environments.Tests.MinAtar;

/// <summary>Where the MinAtar reference trajectories are: $FLOCK_MINATAR_REFERENCE_DIR, else ../shared/reference/minatar.</summary>
internal static class MinAtarReferenceDirectory
{
    public const string VariableName = "FLOCK_MINATAR_REFERENCE_DIR";

    public static (string? Directory, string Problem) Locate() => SharedReferenceDirectory.Locate(VariableName, "minatar", "MinAtar");
}
