namespace Flock.Environments;

/// <summary>
/// Marks a class as a Flock environment for <see cref="EnvRegistry.LoadAssembly"/> and
/// <see cref="EnvRegistry.RegisterType"/>. The class must implement <see cref="IEnvironment"/> and have a
/// public parameterless constructor; each instance is one independent environment.
/// </summary>
/// <example>
/// <code>
/// [FlockEnvironment("Corridor-v0", SolveThreshold = 0.9, MaxEpisodeSteps = 50)]
/// public sealed class Corridor : IEnvironment { ... }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FlockEnvironmentAttribute : Attribute
{
    public FlockEnvironmentAttribute(string id) => Id = id;

    /// <summary>The id to register, e.g. <c>Corridor-v0</c>.</summary>
    public string Id { get; }

    /// <summary>Mean return at which the task counts as solved; NaN (the default) for none.</summary>
    /// <remarks>Attribute arguments cannot be nullable, hence NaN for "none".</remarks>
    public double SolveThreshold { get; set; } = double.NaN;

    /// <summary>Time limit in steps; 0 (the default) for none.</summary>
    public int MaxEpisodeSteps { get; set; }

    /// <summary>One line for listings.</summary>
    public string Description { get; set; } = "";
}
