namespace Flock.Environments;

/// <summary>
/// Everything Flock knows about one environment id: how to build it, when it counts as solved, its time
/// limit, and its spaces (read once from a probe instance when the registration is made, so a broken factory
/// fails at registration rather than in the middle of a run).
/// </summary>
public sealed class EnvRegistration
{
    /// <param name="id">Gymnasium-style id, e.g. <c>CartPole-v1</c>; compared case-sensitively.</param>
    /// <param name="factory">Builds a new, unwrapped instance (no time limit; <see cref="Make"/> adds it).</param>
    /// <param name="solveThreshold">Mean return at which the task counts as solved; null when there is none.</param>
    /// <param name="maxEpisodeSteps">Time limit in steps (episodes are then truncated); null for none.</param>
    /// <param name="description">One line for listings.</param>
    /// <param name="preset">
    /// Run-configuration defaults this environment needs where Flock's own (tuned on classic control) do not fit,
    /// as knob name → value in flag syntax (<c>network</c> → <c>conv16k3s1,fc128</c>); a knob the user sets wins.
    /// </param>
    public EnvRegistration(
        string id,
        Func<IEnvironment> factory,
        double? solveThreshold = null,
        int? maxEpisodeSteps = null,
        string? description = null,
        IReadOnlyDictionary<string, string>? preset = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (id.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Environment id '{id}' must not contain whitespace.", nameof(id));
        }

        ArgumentNullException.ThrowIfNull(factory);
        if (solveThreshold is { } threshold && !double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(solveThreshold), threshold, "A solve threshold must be finite.");
        }

        if (maxEpisodeSteps is { } steps)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1, nameof(maxEpisodeSteps));
        }

        Id = id;
        Factory = factory;
        SolveThreshold = solveThreshold;
        MaxEpisodeSteps = maxEpisodeSteps;
        Description = description ?? "";
        Preset = preset is null ? new Dictionary<string, string>() : new Dictionary<string, string>(preset, StringComparer.Ordinal);
        var probe = CreateRaw();
        ObservationSpace = probe.ObservationSpace ?? throw new ArgumentException($"'{id}' has no observation space.", nameof(factory));
        ActionSpace = probe.ActionSpace ?? throw new ArgumentException($"'{id}' has no action space.", nameof(factory));
        (probe as IDisposable)?.Dispose();
    }

    public string Id { get; }

    /// <summary>Builds a new, unwrapped instance.</summary>
    public Func<IEnvironment> Factory { get; }

    /// <summary>Mean episode return (usually over 100 episodes) at which the task counts as solved; null for none.</summary>
    public double? SolveThreshold { get; }

    /// <summary>Time limit applied by <see cref="Make"/>; null for none.</summary>
    public int? MaxEpisodeSteps { get; }

    public string Description { get; }

    /// <summary>Run-configuration defaults of this environment (knob name → value text); empty for most.</summary>
    public IReadOnlyDictionary<string, string> Preset { get; }

    public Box ObservationSpace { get; }

    public Discrete ActionSpace { get; }

    /// <summary>A new instance without any wrapper, exactly what <see cref="Factory"/> returns.</summary>
    public IEnvironment CreateRaw() =>
        Factory() ?? throw new InvalidOperationException($"The factory of environment '{Id}' returned null.");

    /// <summary>A new instance as training uses it: wrapped in its time limit, like <c>gymnasium.make</c>.</summary>
    public IEnvironment Make()
    {
        var environment = CreateRaw();
        return MaxEpisodeSteps is { } steps ? new TimeLimitWrapper(environment, steps) : environment;
    }

    /// <summary><paramref name="count"/> instances from <see cref="Make"/> stepped together; call <see cref="VectorEnv.Reset"/> first.</summary>
    public VectorEnv MakeVector(int count) => new(Id, Make, count);

    public override string ToString() =>
        $"{Id}: {Description} (observation {ObservationSpace}, actions {ActionSpace}, " +
        $"time limit {MaxEpisodeSteps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, " +
        $"solved at {SolveThreshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"})";
}
