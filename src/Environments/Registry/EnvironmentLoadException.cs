namespace Flock.Environments;

/// <summary>
/// Environments could not be loaded or registered from a type or assembly: missing file, not a .NET assembly,
/// a marked class that is not an <see cref="IEnvironment"/> or has no public parameterless constructor, an id
/// that is already taken. The message says which file and class, and what to change.
/// </summary>
public sealed class EnvironmentLoadException : Exception
{
    public EnvironmentLoadException(string message)
        : base(message)
    {
    }

    public EnvironmentLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
