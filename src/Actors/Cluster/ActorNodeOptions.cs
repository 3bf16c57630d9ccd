using Flock.Shared.Messages;

namespace Flock.Actors.Cluster;

/// <summary>How an actor node runs; everything else comes from the learner's configuration.</summary>
/// <param name="BrokerUrl">AMQP URL of the broker.</param>
/// <param name="NodeName">Unique node name; host name and process id by default.</param>
/// <param name="Actors">Environment actors on this node; the learner's --actors when null.</param>
/// <param name="EnvsPerActor">Environments per actor; the learner's --envs-per-actor when null.</param>
/// <param name="MaxSeconds">Leave the run after this long; null runs until stopped.</param>
/// <param name="OnWeightsSwappedIn">Benchmarks: called with each weights version once every actor of the node acts with it, with the times from the learner's publish to delivery and to swap-in.</param>
public sealed record ActorNodeOptions(
    string BrokerUrl,
    string NodeName,
    int? Actors = null,
    int? EnvsPerActor = null,
    double? MaxSeconds = null,
    Action<long, TimeSpan, TimeSpan>? OnWeightsSwappedIn = null)
{
    public static string DefaultNodeName() => $"{Environment.MachineName}-{Environment.ProcessId}";
}

/// <summary>What an actor node did, for its exit line and <c>--json</c>.</summary>
public sealed record ActorNodeSummary(string Node, int Actors, IReadOnlyList<int> ActorIds, long TransitionsSent, long PublishRetries, long EnvSteps, long WeightsVersion, double WallSeconds);
