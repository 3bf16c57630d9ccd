using System.Text.Json.Serialization;

namespace Flock.Actors.Run;

/// <summary>What <c>summary.json</c> and <c>flockrl train --json</c> report about a finished run (shared/CLI.md).</summary>
public sealed record RunSummary
{
    [JsonPropertyName("env")] public required string Env { get; init; }

    [JsonPropertyName("seed")] public long Seed { get; init; }

    [JsonPropertyName("solved")] public bool Solved { get; init; }

    [JsonPropertyName("solve_threshold")] public double? SolveThreshold { get; init; }

    [JsonPropertyName("solved_at_seconds")] public double? SolvedAtSeconds { get; init; }

    [JsonPropertyName("solved_at_env_steps")] public long? SolvedAtEnvSteps { get; init; }

    [JsonPropertyName("eval_mean_return_100")] public double? EvalMeanReturn100 { get; init; }

    [JsonPropertyName("eval_episodes")] public long EvalEpisodes { get; init; }

    [JsonPropertyName("train_episodes")] public long TrainEpisodes { get; init; }

    [JsonPropertyName("env_steps")] public long EnvSteps { get; init; }

    [JsonPropertyName("updates")] public long Updates { get; init; }

    [JsonPropertyName("transitions_inserted")] public long TransitionsInserted { get; init; }

    [JsonPropertyName("weight_broadcasts")] public long WeightBroadcasts { get; init; }

    [JsonPropertyName("wall_seconds")] public double WallSeconds { get; init; }

    [JsonPropertyName("env_steps_per_second")] public double EnvStepsPerSecond { get; init; }

    [JsonPropertyName("updates_per_second")] public double UpdatesPerSecond { get; init; }

    /// <summary>What the learner trained on: "cpu" or "cuda:0 (NVIDIA H100 80GB HBM3)" (<c>--device</c> resolved); null in a summary from before it was recorded.</summary>
    [JsonPropertyName("device")] public string? Device { get; init; }

    /// <summary>Environment faults: the env actors' and the evaluator's (each reset one environment to a new episode).</summary>
    [JsonPropertyName("env_errors")] public long EnvErrors { get; init; }

    /// <summary>The distinct places the faults of this process came from, with a count and the first message each.</summary>
    [JsonPropertyName("env_error_sites")] public IReadOnlyList<EnvErrorSite> EnvErrorSites { get; init; } = [];

    /// <summary>Whether the mean of the last 100 greedy episodes met the threshold when the run ended (<see cref="Solved"/>: at any time).</summary>
    [JsonPropertyName("solved_at_end")] public bool SolvedAtEnd { get; init; }

    /// <summary>Mean of the last ≤ 100 greedy episodes when the run ended.</summary>
    [JsonPropertyName("final_eval_mean_return")] public double? FinalEvalMeanReturn { get; init; }

    /// <summary>The weights version in checkpoint.bin; null when none was judged.</summary>
    [JsonPropertyName("checkpoint_weights_version")] public long? CheckpointWeightsVersion { get; init; }

    /// <summary>The mean return of checkpoint.bin's own 100 greedy episodes (also recorded in the file).</summary>
    [JsonPropertyName("checkpoint_eval_mean_return")] public double? CheckpointEvalMeanReturn { get; init; }

    /// <summary>Why the run stopped: solved, max-seconds, max-env-steps, interrupted, failed (and incomplete for a killed run read back).</summary>
    [JsonPropertyName("stop_reason")] public required string StopReason { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }

    [JsonPropertyName("run_dir")] public required string RunDir { get; init; }
}

/// <summary>One place environment faults came from.</summary>
/// <param name="Count">Faults from it.</param>
/// <param name="First">The first one's message: environment, episode, step and what went wrong.</param>
public sealed record EnvErrorSite([property: JsonPropertyName("count")] long Count, [property: JsonPropertyName("first")] string First);
