namespace Flock.Actors.Run;

/// <summary>
/// One row of <c>metrics.csv</c>: the state of a run at one moment. Rates are over the interval since
/// the previous row; means are over that interval unless the name says otherwise. NaN means "nothing
/// to report yet" (no episode finished, no update made) and is written as an empty cell.
/// </summary>
public sealed record RunMetrics
{
    public double ElapsedSeconds { get; init; }

    public long EnvSteps { get; init; }

    public double EnvStepsPerSecond { get; init; }

    public long Updates { get; init; }

    public double UpdatesPerSecond { get; init; }

    public long TransitionsInserted { get; init; }

    public int ReplaySize { get; init; }

    /// <summary>Sampled transitions per inserted transition so far (the rate limiter's target quantity).</summary>
    public double SamplesPerInsert { get; init; }

    public double EpsilonMin { get; init; } = double.NaN;

    public double EpsilonMax { get; init; } = double.NaN;

    public double Loss { get; init; } = double.NaN;

    public double MeanAbsQ { get; init; } = double.NaN;

    public double MeanAbsTdError { get; init; } = double.NaN;

    public double GradNorm { get; init; } = double.NaN;

    /// <summary>Share of updates in the interval whose gradient norm was clipped.</summary>
    public double GradClippedFraction { get; init; } = double.NaN;

    public double LearningRate { get; init; } = double.NaN;

    public long TargetSyncs { get; init; }

    public double TrainMeanReturn { get; init; } = double.NaN;

    public long TrainEpisodes { get; init; }

    /// <summary>Share of non-zero rewards among the environment steps of the interval (sparse-reward signal).</summary>
    public double NonZeroRewardFraction { get; init; } = double.NaN;

    /// <summary>Mean of the last ≤ 100 greedy evaluation episodes.</summary>
    public double EvalMeanReturn100 { get; init; } = double.NaN;

    public long EvalEpisodes { get; init; }

    public long WeightsVersion { get; init; }

    /// <summary>Largest difference between the learner's version and the version an actor acts with.</summary>
    public long WeightsVersionLagMax { get; init; }

    public long EnvErrors { get; init; }

    public long ActorRestarts { get; init; }

    public long DeadLetters { get; init; }

    public int ReplayMailboxDepth { get; init; }

    public int LearnerMailboxDepth { get; init; }

    /// <summary>Deepest environment-actor mailbox.</summary>
    public int EnvMailboxDepthMax { get; init; }

    // Where the time went since the start, in seconds summed over the actors of each role: the table of
    // `flockrl report` when the run has no trace.

    public double EnvSteppingSeconds { get; init; }

    /// <summary>Action selection plus the Ape-X initial priorities (both forward passes).</summary>
    public double EnvInferenceSeconds { get; init; }

    /// <summary>n-step accumulation and episode bookkeeping.</summary>
    public double EnvBatchingSeconds { get; init; }

    /// <summary>Handing batches to the replay (encoding and transport too, in cluster mode), including waits for room.</summary>
    public double EnvSendingSeconds { get; init; }

    public double ReplayInsertSeconds { get; init; }

    public double ReplaySampleSeconds { get; init; }

    public double LearnerUpdateSeconds { get; init; }

    public double LearnerBroadcastSeconds { get; init; }

    /// <summary>
    /// The learner waiting for its next batch: sampling, or the samples-per-insert limit holding samples back. Near
    /// zero when the prefetch keeps ahead of a fast (GPU) learner.
    /// </summary>
    public double LearnerWaitSeconds { get; init; }

    /// <summary>Live actor nodes (cluster mode; empty in a local run).</summary>
    public int? Nodes { get; init; }

    /// <summary>Environment actors on the live nodes (cluster mode).</summary>
    public int NodeActors { get; init; }

    /// <summary>Transitions/s of each live node, <c>node=rate</c> separated by <c>;</c> (cluster mode).</summary>
    public string NodeTransitionsPerSecond { get; init; } = "";

    /// <summary>Messages from other nodes refused by the learner: undecodable, from another run, or not fitting the run (cluster mode).</summary>
    public long GarbageMessages { get; init; }

    /// <summary>Transitions the actor nodes sent but gave up on unacknowledged when they lost the learner (cluster mode; delivery is at most once).</summary>
    public long TransitionsLost { get; init; }

    /// <summary>The per-node rates as one CSV-safe cell: <c>a=1200;b=900</c>, node ids stripped of , ; and =.</summary>
    public static string FormatPerNode(IReadOnlyDictionary<string, double> rates) => string.Join(';', rates
        .OrderBy(r => r.Key, StringComparer.Ordinal)
        .Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{new string(r.Key.Where(c => c is not (',' or ';' or '=' or '"' or '\n' or '\r')).ToArray())}={r.Value:0}")));
}
