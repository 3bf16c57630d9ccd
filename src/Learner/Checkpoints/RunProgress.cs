namespace Flock.Learner.Checkpoints;

/// <summary>
/// Where the run stood when a checkpoint was written, beside the learner's own counters: enough for a resumed run to
/// continue its counters (env steps, episodes, the evaluation window that decides "solved", the elapsed time) rather
/// than start them again. The replay's size and counters are recorded; its transitions are not (a resumed run refills it).
/// </summary>
public sealed record RunProgress
{
    /// <summary>Most evaluation returns a checkpoint keeps (the run's window is 100).</summary>
    public const int MaxEvalWindow = 1000;

    /// <summary>A fresh run: nothing done yet.</summary>
    public static RunProgress None { get; } = new();

    public long EnvSteps { get; init; }

    public long TrainEpisodes { get; init; }

    public long EvalEpisodes { get; init; }

    public long TransitionsInserted { get; init; }

    /// <summary>Transitions the replay held.</summary>
    public long ReplaySize { get; init; }

    public long WeightBroadcasts { get; init; }

    public long EnvErrors { get; init; }

    /// <summary>Seconds of training so far, over every session of the run.</summary>
    public double ElapsedSeconds { get; init; }

    public double? SolvedAtSeconds { get; init; }

    public long? SolvedAtEnvSteps { get; init; }

    /// <summary>The last greedy evaluation returns, oldest first (at most <see cref="MaxEvalWindow"/>).</summary>
    public IReadOnlyList<double> EvalWindow { get; init; } = [];
}
