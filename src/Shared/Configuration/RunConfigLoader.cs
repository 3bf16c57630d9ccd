using System.Text.Json;

namespace Flock.Shared.Configuration;

/// <summary>
/// Builds the effective <see cref="RunConfig"/>: defaults, then a JSON file, then command-line flags
/// (flags win). Unknown keys are errors. Every problem is collected and reported together, so a user
/// fixes a config in one round instead of one error per run.
/// </summary>
public static class RunConfigLoader
{
    /// <summary>Loads and validates; throws <see cref="ConfigurationException"/> listing all problems.</summary>
    /// <param name="jsonPath">Config file, or null.</param>
    /// <param name="flags">Flag values by knob name (without dashes), each occurrence in order.</param>
    /// <param name="extraChecks">Checks that need more than Shared knows (e.g. the environment registry).</param>
    public static RunConfig Load(string? jsonPath, IReadOnlyDictionary<string, IReadOnlyList<string>> flags, Func<RunConfig, IEnumerable<ConfigError>>? extraChecks = null) =>
        LoadWithGivenKnobs(jsonPath, flags, extraChecks).Config;

    /// <summary>As <see cref="Load"/>, and also tells which knobs the user set (in the file or by flag): a
    /// value equal to the default may still be one the user chose, and only this tells them apart.</summary>
    /// <param name="jsonPath">Config file, or null.</param>
    /// <param name="flags">Flag values by knob name (without dashes), each occurrence in order.</param>
    /// <param name="extraChecks">Checks that need more than Shared knows (e.g. the environment registry).</param>
    /// <param name="presets">
    /// The environment's own defaults (knob name → value text) for the configuration so far; each applies where
    /// the user set neither that knob nor, for <c>network</c>, <c>hidden</c>. Not counted as given.
    /// </param>
    public static LoadedRunConfig LoadWithGivenKnobs(
        string? jsonPath,
        IReadOnlyDictionary<string, IReadOnlyList<string>> flags,
        Func<RunConfig, IEnumerable<ConfigError>>? extraChecks = null,
        Func<RunConfig, IReadOnlyDictionary<string, string>>? presets = null)
    {
        var errors = new List<ConfigError>();
        var config = new RunConfig();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        if (jsonPath is not null)
        {
            config = ApplyJsonFile(config, jsonPath, errors, sources);
        }

        config = ApplyFlags(config, flags, errors, sources);

        // A config file holds both network knobs (Flock writes every knob); --hidden on the command line then
        // means the MLP, and otherwise the file's network wins over its hidden.
        if (sources.GetValueOrDefault("hidden") == "flag" && sources.TryGetValue("network", out var fileNetwork) && fileNetwork != "flag")
        {
            config = config with { Network = null };
            sources.Remove("network");
        }
        var given = sources.Keys.ToHashSet(StringComparer.Ordinal);
        if (presets is not null)
        {
            config = ApplyPreset(config, presets(config), errors, sources);
        }

        // Values that failed to parse kept their defaults, so validating the rest still finds real problems.
        // Each problem is told against where its value came from: a flag, the file, or the default.
        var checks = RunConfigValidator.Validate(config).Concat(extraChecks?.Invoke(config) ?? []);
        errors.AddRange(checks.Select(e => e with { Source = sources.GetValueOrDefault(e.Key, "default") }));
        if (sources.GetValueOrDefault("hidden") == "flag" && sources.GetValueOrDefault("network") == "flag")
        {
            errors.Add(new ConfigError(
                "network", config.Network ?? "", "and --hidden both describe the Q-network; give one (--hidden 64,64 is --network fc64,fc64)", "flag"));
        }

        return errors.Count == 0 ? new LoadedRunConfig(config, given) : throw new ConfigurationException(errors);
    }

    /// <summary>Parses a JSON object of knobs (as written by <see cref="RunConfigJson"/>) onto a config.</summary>
    public static RunConfig ApplyJson(RunConfig config, string json, string source, List<ConfigError> errors) =>
        ApplyJson(config, json, source, errors, new Dictionary<string, string>());

    private static RunConfig ApplyJson(RunConfig config, string json, string source, List<ConfigError> errors, Dictionary<string, string> sources)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError("config", source, $"not valid JSON: {e.Message}", source));
            return config;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ConfigError("config", source, "must be a JSON object of knob names to values", source));
                return config;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var knob = ConfigKnob.Find(property.Name);
                if (knob is null && RetiredKeys.ContainsKey(property.Name) && property.Value.ValueKind == JsonValueKind.Null)
                {
                    // Written by an earlier Flock into a run's config.json, empty: nothing to carry over.
                    continue;
                }

                if (knob is null)
                {
                    errors.Add(new ConfigError(property.Name, property.Value.GetRawText(), UnknownKeyProblem(property.Name), source));
                }
                else if (knob.TryParseJson(property.Value, out var value, out var problem))
                {
                    config = knob.With(config, value);
                    sources[knob.Name] = source;
                }
                else
                {
                    errors.Add(new ConfigError(knob.Name, property.Value.GetRawText(), problem, source));
                }
            }
        }

        return config;
    }

    private static RunConfig ApplyJsonFile(RunConfig config, string path, List<ConfigError> errors, Dictionary<string, string> sources)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError("config", path, $"cannot be read: {e.Message}", "flag"));
            return config;
        }

        return ApplyJson(config, text, path, errors, sources);
    }

    private static RunConfig ApplyPreset(RunConfig config, IReadOnlyDictionary<string, string> preset, List<ConfigError> errors, Dictionary<string, string> sources)
    {
        foreach (var (name, text) in preset)
        {
            // --hidden is the MLP shorthand of --network: a user's --hidden also overrides a preset network.
            if (sources.ContainsKey(name) || (name == "network" && sources.ContainsKey("hidden")))
            {
                continue;
            }

            var knob = ConfigKnob.Find(name);
            var source = $"the {config.Env} preset";
            if (knob is null)
            {
                errors.Add(new ConfigError(name, text, UnknownKeyProblem(name), source));
            }
            else if (knob.TryParseText([text], out var value, out var problem))
            {
                config = knob.With(config, value);
                sources[knob.Name] = source;
            }
            else
            {
                errors.Add(new ConfigError(name, text, problem, source));
            }
        }

        return config;
    }

    private static RunConfig ApplyFlags(RunConfig config, IReadOnlyDictionary<string, IReadOnlyList<string>> flags, List<ConfigError> errors, Dictionary<string, string> sources)
    {
        foreach (var (name, texts) in flags)
        {
            var knob = ConfigKnob.Find(name);
            if (knob is null)
            {
                errors.Add(new ConfigError(name, string.Join(' ', texts), UnknownKeyProblem(name), "flag"));
            }
            else if (knob.TryParseText(texts, out var value, out var problem))
            {
                config = knob.With(config, value);
                sources[knob.Name] = "flag";
            }
            else
            {
                errors.Add(new ConfigError(knob.Name, string.Join(' ', texts), problem, "flag"));
            }
        }

        return config;
    }

    /// <summary>Settings earlier versions had, with what replaced them.</summary>
    private static readonly Dictionary<string, string> RetiredKeys = new(StringComparer.Ordinal)
    {
        ["broker"] = "the RabbitMQ broker is gone: the learner listens with `learner --listen HOST:PORT` and actor nodes join it with `actors --join HOST:PORT`",
    };

    private static string UnknownKeyProblem(string name)
    {
        if (RetiredKeys.TryGetValue(name, out var replaced))
        {
            return replaced;
        }

        var suggestion = ConfigKnob.Suggest(name);
        return suggestion is null
            ? "unknown setting (`flockrl config --print` lists them all)"
            : $"unknown setting; did you mean '{suggestion}'?";
    }
}
