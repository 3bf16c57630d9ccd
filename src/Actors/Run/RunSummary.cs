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

    [JsonPropertyName("env_errors")] public long EnvErrors { get; init; }

    /// <summary>Why the run stopped: solved, max-seconds, max-env-steps, interrupted, failed.</summary>
    [JsonPropertyName("stop_reason")] public required string StopReason { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }

    [JsonPropertyName("run_dir")] public required string RunDir { get; init; }
}
