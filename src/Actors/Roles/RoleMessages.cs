using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Hosting;
using Flock.Actors.Run;
using Flock.Learner;
using Flock.Learner.Checkpoints;
using Flock.Learner.Dqn;
using Flock.Shared.Messages;

namespace Flock.Actors.Roles;

/// <summary>What an environment actor handles.</summary>
public interface IEnvironmentMessage : ILocalMessage;

/// <summary>What the replay actor handles.</summary>
public interface IReplayMessage : ILocalMessage;

/// <summary>What the learner actor handles.</summary>
public interface ILearnerMessage : ILocalMessage;

/// <summary>What the evaluator actor handles.</summary>
public interface IEvaluatorMessage : ILocalMessage;

/// <summary>What the coordinator handles.</summary>
public interface ICoordinatorMessage : ILocalMessage;

/// <summary>New network weights from the learner; actors and the evaluator swap them in whole.</summary>
public sealed record WeightsArrived(WeightSnapshot Snapshot) : IEnvironmentMessage, IEvaluatorMessage;

/// <summary>An environment actor's self-sent work slice: step its environments for a while.</summary>
public sealed record StepSome : IEnvironmentMessage
{
    public static StepSome Instance { get; } = new();
}

/// <summary>
/// The replay stored (or dropped) a batch this actor sent; frees one slot of its in-flight window. It crosses from the
/// learner's replay to the actors of a node (bound to Flock's wire serializer), so it is not an <see cref="IEnvironmentMessage"/>.
/// </summary>
public sealed record InsertAcknowledged
{
    public static InsertAcknowledged Instance { get; } = new();
}

/// <summary>Timer tick: send your statistics to the coordinator.</summary>
public sealed record ReportStats : IEnvironmentMessage, IReplayMessage, ILearnerMessage, IEvaluatorMessage, ICoordinatorMessage
{
    public static ReportStats Instance { get; } = new();
}

/// <summary>Transitions for the replay; <paramref name="AckTo"/> hears when they are stored (flow control).</summary>
public sealed record InsertBatch(TransitionBatch Batch, IActorRef? AckTo) : IReplayMessage;

/// <summary>
/// The learner asks for a batch, to be written into its own buffer and sent back as <see cref="Sampled"/>.
/// Trace: the learner span that asked, parent of the sample span; default when tracing is off.
/// </summary>
public sealed record SampleRequest(SampledBatch Buffer, IActorRef ReplyTo, ActivityContext Trace = default) : IReplayMessage;

/// <summary>New |TD| errors of sampled transitions.</summary>
public sealed record PrioritiesUpdated(PriorityUpdate Update) : IReplayMessage;

/// <summary>
/// The replay filled the learner's buffer. Links: traces of the recorded batches the sample drew from, for
/// the update span to link; null when none (always when tracing is off).
/// </summary>
public sealed record Sampled(SampledBatch Batch, IReadOnlyList<ActivityLink>? Links = null) : ILearnerMessage;

/// <summary>Starts the learner's sample-train loop.</summary>
public sealed record StartLearning : ILearnerMessage
{
    public static StartLearning Instance { get; } = new();
}

/// <summary>Asks the learner for a copy of its full training state (weights, target, optimizer, counters), taken between updates; it replies with a <see cref="DqnTrainingState"/>, and the host writes it to disk off the learner's thread.</summary>
public sealed record ExportTrainingState : ILearnerMessage
{
    public static ExportTrainingState Instance { get; } = new();
}

/// <summary>
/// Asks the replay to send its statistics to the coordinator now and then reply with <see cref="ReplayStatsSent"/>: a
/// snapshot taken after the reply counts the replay as it is, not as it was at its last stats tick (which may not have
/// come yet in a run's first interval).
/// </summary>
public sealed record SendReplayStatsNow : IReplayMessage
{
    public static SendReplayStatsNow Instance { get; } = new();
}

/// <summary>The replay's reply to <see cref="SendReplayStatsNow"/>: its statistics are in the coordinator's mailbox.</summary>
public sealed record ReplayStatsSent : ILocalMessage
{
    public static ReplayStatsSent Instance { get; } = new();
}

/// <summary>Asks the coordinator to write a metrics row now and reply with a <see cref="RunSnapshot"/>: where the run stands (for a checkpoint and the summary beside it).</summary>
public sealed record TakeRunSnapshot : ICoordinatorMessage
{
    public static TakeRunSnapshot Instance { get; } = new();
}

/// <summary>Where the run stands at a checkpoint: the counters to save and the metrics row written at that moment.</summary>
public sealed record RunSnapshot(RunProgress Progress, RunMetrics Row) : ILocalMessage;

/// <summary>The evaluator's self-sent work slice: play one greedy episode.</summary>
public sealed record EvaluateEpisode : IEvaluatorMessage
{
    public static EvaluateEpisode Instance { get; } = new();
}

/// <summary>
/// An environment actor's counters, to the coordinator. Times: where the actor's time went so far (a copy);
/// null from sources that do not measure it.
/// </summary>
public sealed record ActorStatsReported(ActorStats Stats, long NonZeroRewards, EnvironmentActorTimes? Times = null) : ICoordinatorMessage;

/// <summary>The replay's counters, to the coordinator; InsertTicks and SampleTicks: Stopwatch ticks spent inserting and sampling since the start.</summary>
public sealed record ReplayStatsReported(int Size, long Inserted, long Sampled, long StaleUpdates, int ParkedInserts, long InsertTicks = 0, long SampleTicks = 0) : ICoordinatorMessage;

/// <summary>
/// Learner figures over the interval since its last report, to the coordinator; UpdateTicks,
/// BroadcastTicks and WaitTicks: Stopwatch ticks spent in updates, in broadcasts, and waiting for a batch
/// from the replay (between one update's end and the next one's start), since the start.
/// </summary>
public sealed record LearnerStatsReported(
    long Updates,
    long WeightsVersion,
    long TargetSyncs,
    long Broadcasts,
    double MeanLoss,
    double MeanAbsQ,
    double MeanAbsTdError,
    double MeanGradNorm,
    double ClippedFraction,
    double LearningRate,
    long UpdateTicks = 0,
    long BroadcastTicks = 0,
    long WaitTicks = 0) : ICoordinatorMessage;

/// <summary>Cluster membership and transport figures of a learner node, to the coordinator (cluster mode only).</summary>
/// <param name="Nodes">Live actor nodes.</param>
/// <param name="Actors">Environment actors on the live nodes.</param>
/// <param name="PerNodeTransitionsPerSecond">Transitions/s each live node reports, by node id.</param>
/// <param name="GarbageMessages">Messages from other nodes the learner refused (undecodable, another run, misfit).</param>
/// <param name="TransitionsLost">Transitions the nodes gave up on unacknowledged.</param>
public sealed record ClusterStatsReported(int Nodes, int Actors, IReadOnlyDictionary<string, double> PerNodeTransitionsPerSecond, long GarbageMessages, long TransitionsLost) : ICoordinatorMessage;

/// <summary>Environment actors that left the run (their node went away): keep their totals, forget their live figures.</summary>
public sealed record ActorsRetired(IReadOnlyList<int> ActorIds) : ICoordinatorMessage;

/// <summary>A finished greedy evaluation episode.</summary>
public sealed record EvalEpisodeFinished(double Return, int Length, long WeightsVersion) : ICoordinatorMessage;
