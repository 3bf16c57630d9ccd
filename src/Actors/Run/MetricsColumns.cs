namespace Flock.Actors.Run;

/// <summary>
/// The metrics.csv columns that readers (<c>flockrl doctor</c>, <c>flockrl report</c>, the sweep page) use, named from
/// <see cref="RunMetrics"/> as <see cref="MetricsCsvWriter"/> names them, so they cannot drift.
/// </summary>
public static class MetricsColumns
{
    public static readonly string ElapsedSeconds = Of(nameof(RunMetrics.ElapsedSeconds));
    public static readonly string EnvSteps = Of(nameof(RunMetrics.EnvSteps));
    public static readonly string EnvStepsPerSecond = Of(nameof(RunMetrics.EnvStepsPerSecond));
    public static readonly string Updates = Of(nameof(RunMetrics.Updates));
    public static readonly string UpdatesPerSecond = Of(nameof(RunMetrics.UpdatesPerSecond));
    public static readonly string TransitionsInserted = Of(nameof(RunMetrics.TransitionsInserted));
    public static readonly string ReplaySize = Of(nameof(RunMetrics.ReplaySize));
    public static readonly string SamplesPerInsert = Of(nameof(RunMetrics.SamplesPerInsert));
    public static readonly string EpsilonMin = Of(nameof(RunMetrics.EpsilonMin));
    public static readonly string EpsilonMax = Of(nameof(RunMetrics.EpsilonMax));
    public static readonly string Loss = Of(nameof(RunMetrics.Loss));
    public static readonly string MeanAbsQ = Of(nameof(RunMetrics.MeanAbsQ));
    public static readonly string MeanAbsTdError = Of(nameof(RunMetrics.MeanAbsTdError));
    public static readonly string GradNorm = Of(nameof(RunMetrics.GradNorm));
    public static readonly string GradClippedFraction = Of(nameof(RunMetrics.GradClippedFraction));
    public static readonly string TargetSyncs = Of(nameof(RunMetrics.TargetSyncs));
    public static readonly string TrainMeanReturn = Of(nameof(RunMetrics.TrainMeanReturn));
    public static readonly string TrainEpisodes = Of(nameof(RunMetrics.TrainEpisodes));
    public static readonly string NonZeroRewardFraction = Of(nameof(RunMetrics.NonZeroRewardFraction));
    public static readonly string EvalMeanReturn100 = Of(nameof(RunMetrics.EvalMeanReturn100));
    public static readonly string EvalEpisodes = Of(nameof(RunMetrics.EvalEpisodes));
    public static readonly string WeightsVersionLagMax = Of(nameof(RunMetrics.WeightsVersionLagMax));
    public static readonly string EnvErrors = Of(nameof(RunMetrics.EnvErrors));
    public static readonly string ActorRestarts = Of(nameof(RunMetrics.ActorRestarts));
    public static readonly string Nodes = Of(nameof(RunMetrics.Nodes));
    public static readonly string NodeActors = Of(nameof(RunMetrics.NodeActors));
    public static readonly string EnvSteppingSeconds = Of(nameof(RunMetrics.EnvSteppingSeconds));
    public static readonly string EnvInferenceSeconds = Of(nameof(RunMetrics.EnvInferenceSeconds));
    public static readonly string EnvBatchingSeconds = Of(nameof(RunMetrics.EnvBatchingSeconds));
    public static readonly string EnvSendingSeconds = Of(nameof(RunMetrics.EnvSendingSeconds));
    public static readonly string ReplayInsertSeconds = Of(nameof(RunMetrics.ReplayInsertSeconds));
    public static readonly string ReplaySampleSeconds = Of(nameof(RunMetrics.ReplaySampleSeconds));
    public static readonly string LearnerUpdateSeconds = Of(nameof(RunMetrics.LearnerUpdateSeconds));
    public static readonly string LearnerBroadcastSeconds = Of(nameof(RunMetrics.LearnerBroadcastSeconds));
    public static readonly string LearnerWaitSeconds = Of(nameof(RunMetrics.LearnerWaitSeconds));

    private static string Of(string property) => MetricsCsvWriter.ColumnName(property);
}
