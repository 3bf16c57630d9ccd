namespace Flock.Environments.Tests.Parity;

/// <summary>Where the Gymnasium reference trajectories are: $FLOCK_GYM_REFERENCE_DIR, else ../shared/reference/gymnasium.</summary>
internal static class GymnasiumReferenceDirectory
{
    public const string VariableName = "FLOCK_GYM_REFERENCE_DIR";

    public static (string? Directory, string Problem) Locate() => SharedReferenceDirectory.Locate(VariableName, "gymnasium", "Gymnasium");
}
