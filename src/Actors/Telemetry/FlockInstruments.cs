using System.Diagnostics.Metrics;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Telemetry;

/// <summary>
/// The roles' instruments on the shared <see cref="FlockTelemetry.Meter"/> (mailbox depths and restarts live
/// in <c>RunActors</c>; dead letters, dropped and rejected messages in
/// <see cref="MessageLoss"/>). Recording without a listener costs one enabled check, so the roles record per
/// batch or per update unconditionally.
/// </summary>
public static class FlockInstruments
{
    public static readonly Counter<long> EnvSteps = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.EnvSteps, "{step}", "Environment steps taken by the environment actors.");

    public static readonly Counter<long> TransitionsInserted = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.TransitionsInserted, "{transition}", "Transitions inserted into the replay.");

    public static readonly Counter<long> LearnerUpdates = FlockTelemetry.Meter.CreateCounter<long>(
        MetricNames.LearnerUpdates, "{update}", "Learner gradient updates.");

    public static readonly Gauge<int> ReplaySize = FlockTelemetry.Meter.CreateGauge<int>(
        MetricNames.ReplaySize, "{transition}", "Transitions held by the replay.");

    public static readonly Histogram<double> EpisodeReturn = FlockTelemetry.Meter.CreateHistogram<double>(
        MetricNames.EpisodeReturn, "{return}", "Undiscounted return of finished training episodes.");

    public static readonly Histogram<double> UpdateDuration = FlockTelemetry.Meter.CreateHistogram<double>(
        MetricNames.UpdateDuration, "s", "Wall time of one learner update.");

    public static readonly Gauge<long> WeightsVersionLag = FlockTelemetry.Meter.CreateGauge<long>(
        MetricNames.WeightsVersionLag, "{version}", "Weight versions an environment actor is behind the learner.");

    /// <summary>Fed by the cluster learner node from its membership view.</summary>
    public static readonly Gauge<int> LiveActorNodes = FlockTelemetry.Meter.CreateGauge<int>(
        MetricNames.LiveActorNodes, "{node}", "Actor nodes the learner currently hears from.");
}
