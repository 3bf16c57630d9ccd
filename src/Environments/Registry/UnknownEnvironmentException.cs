namespace Flock.Environments;

/// <summary>An id that is not registered; the message lists the ids that are.</summary>
public sealed class UnknownEnvironmentException : KeyNotFoundException
{
    public UnknownEnvironmentException(string id, IReadOnlyList<string> registeredIds)
        : base(FormatMessage(id, registeredIds))
    {
        Id = id;
        RegisteredIds = registeredIds;
    }

    public string Id { get; }

    public IReadOnlyList<string> RegisteredIds { get; }

    private static string FormatMessage(string id, IReadOnlyList<string> registeredIds)
    {
        var known = registeredIds.Count == 0 ? "(none)" : string.Join(", ", registeredIds);
        var sameExceptCase = registeredIds.FirstOrDefault(r => string.Equals(r, id, StringComparison.OrdinalIgnoreCase));
        var hint = sameExceptCase is null ? "" : $" Ids are case-sensitive: did you mean '{sameExceptCase}'?";
        return $"Unknown environment id '{id}'.{hint} Registered ids: {known}. " +
            "Custom environments are added with EnvRegistry.Register or loaded with --env-assembly.";
    }
}
