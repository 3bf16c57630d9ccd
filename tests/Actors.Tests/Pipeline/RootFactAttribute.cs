namespace Flock.Actors.Tests.Pipeline;

/// <summary>
/// A test that mounts a file system of its own (a small tmpfs, to fill it): it needs root, as CI has. Elsewhere it
/// is skipped with the reason in the test report.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "did not run: mounting a small tmpfs to fill needs root on Linux (CI runs as root)";
        }
    }
}
